package io.eraft.shardkv.kv.scenario;

import com.google.protobuf.ByteString;
import io.eraft.api.command.Put;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.codec.ProtobufCodec;
import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.kv.KvNotAppliedException;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.proto.ReadRequest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.eraft.shardkv.kv.scenario.Bytes.b;
import static io.eraft.shardkv.kv.scenario.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented limits ({@link KvLimits}) end to end through Raft with the product's largest entry (1 MiB): what
 * they allow really applies, one byte more is refused clearly and changes nothing, the empty key is refused, and a
 * server whose limits do not fit Raft's largest entry does not start.
 */
@Timeout(90)
class KvLimitsScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final int LIMIT = 512_000;

    private static byte[] filled(int length, char c) {
        byte[] v = new byte[length];
        Arrays.fill(v, (byte) c);
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aValueOfExactly500KiBAppliesThroughRaftAndOneByteMoreIsRefusedClearly(StoreKind store, TestSeed seed) {
        assertEquals(LIMIT, KvLimits.DEFAULT.maxValueBytes(), "the documented value limit is 500 KiB");
        try (KvCluster c = KvCluster.builder(3, store, seed).start()) {
            KvClerk ck = c.client().clerk();
            byte[] largest = filled(LIMIT, 'a');
            ck.put(b("big"), largest);
            assertArrayEquals(largest, ck.get(b("big")).orElseThrow(), "the 500 KiB value was stored whole");

            KvRequestRejectedException byClerk = assertThrows(KvRequestRejectedException.class,
                    () -> ck.put(b("big"), filled(LIMIT + 1, 'b')));
            assertTrue(byClerk.getMessage().contains("value of 512001 bytes is over the limit of 512000 bytes"),
                    byClerk.getMessage());

            // A clerk that does not check: the servers refuse it with the same reason, as a definite failure.
            KvClerk lax = c.client(KvCluster.testClerkOptions().withLimits(new KvLimits(500, 4 << 20))).clerk();
            KvRequestRejectedException byServer = assertThrows(KvRequestRejectedException.class,
                    () -> lax.put(b("big"), filled(LIMIT + 1, 'b')));
            assertTrue(byServer.getMessage().contains("value of 512001 bytes is over the limit of 512000 bytes"),
                    byServer.getMessage());
            assertInstanceOf(KvNotAppliedException.class, byServer, "a refusal by the limits is definite");
            assertArrayEquals(largest, ck.get(b("big")).orElseThrow(), "the refused puts changed nothing");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aCompareAndSetWithTwo400KBOperandsApplies(StoreKind store, TestSeed seed) {
        try (KvCluster c = KvCluster.builder(3, store, seed).start()) {
            KvClerk ck = c.client().clerk();
            byte[] old = filled(400_000, 'o');
            byte[] fresh = filled(400_000, 'n');
            ck.put(b("k"), old);
            assertTrue(ck.compareAndSet(b("k"), old, fresh), "each operand is within the limit, so the CAS applies");
            assertArrayEquals(fresh, ck.get(b("k")).orElseThrow());
            assertTrue(ck.compareAndSet(b("k"), fresh, filled(LIMIT, 'x')),
                    "a CAS with two operands at the limit fits Raft's largest entry too");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void anEmptyKeyIsRefusedByTheClerkAndByTheServers(StoreKind store, TestSeed seed) throws Exception {
        try (KvCluster c = KvCluster.builder(3, store, seed).start()) {
            KvClerk ck = c.client().clerk();
            KvRequestRejectedException e = assertThrows(KvRequestRejectedException.class,
                    () -> ck.put(new byte[0], b("v")));
            assertTrue(e.getMessage().contains("the empty key is not allowed"), e.getMessage());
            assertThrows(KvRequestRejectedException.class, () -> ck.get(new byte[0]));

            NodeId leader = c.awaitLeader();
            byte[] write = new ProtobufCodec().encodeCommand(new Put(9, 1, new byte[0], b("v")));
            KvResponse w = ask(c, leader, KvRequest.newBuilder().setGroup(KvCluster.GROUP)
                    .setWrite(ByteString.copyFrom(write)).build());
            assertEquals(KvStatus.KV_STATUS_BAD_REQUEST, w.getStatus());
            assertTrue(w.getError().contains("the empty key is not allowed"), w.getError());
            assertTrue(w.getNotProposed(), "the server refused it before proposing it");
            KvResponse r = ask(c, leader, KvRequest.newBuilder().setGroup(KvCluster.GROUP)
                    .setRead(ReadRequest.newBuilder().setKey(ByteString.EMPTY)).build());
            assertEquals(KvStatus.KV_STATUS_BAD_REQUEST, r.getStatus());

            ck.put(b("k"), b("v"));
            assertEquals("v", s(ck.get(b("k"))), "the clerk stays usable after the refusals");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aServerWhoseLimitsDoNotFitRaftsLargestEntryRefusesToStartNamingTheSetting(StoreKind store, TestSeed seed) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KvCluster.builder(1, store, seed).maxEntryBytes(64 << 10).start().close());
        assertTrue(e.getMessage().contains("raft.max-append-bytes is 65536 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("raise raft.max-append-bytes to at least"), e.getMessage());

        KvLimits small = new KvLimits(500, 30_000);
        try (KvCluster c = KvCluster.builder(1, store, seed).maxEntryBytes(64 << 10).limits(small)
                .clerkOptions(KvCluster.testClerkOptions().withLimits(small)).start()) {
            KvClerk ck = c.client().clerk();
            ck.put(b("k"), filled(30_000, 'v'));
            assertEquals(Optional.of(30_000), ck.get(b("k")).map(v -> v.length),
                    "with limits that fit, the largest value applies");
        }
    }

    private static KvResponse ask(KvCluster c, NodeId server, KvRequest request) throws Exception {
        return KvResponse.parseFrom(c.clientTransport().request(server, KvServer.channel(KvCluster.GROUP),
                request.toByteArray(), Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS));
    }
}

package io.eraft.shardkv.kv.scenario;

import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.kv.SessionExpiredException;
import io.eraft.shardkv.kv.SessionPolicy;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.proto.ReadRequest;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.eraft.shardkv.kv.scenario.Bytes.b;
import static io.eraft.shardkv.kv.scenario.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client API end to end on a 3-server group: each operation's semantics, limits, errors and leader finding. */
@Timeout(60)
class KvOperationsTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void everyOperationHasItsDocumentedEffect(StoreKind store, TestSeed seed) {
        try (KvCluster c = KvCluster.builder(3, store, seed).start()) {
            KvClerk ck = c.client().clerk();
            assertEquals(Optional.empty(), ck.get(b("k")), "a key never written is absent");
            ck.put(b("k"), b("v1"));
            assertEquals("v1", s(ck.get(b("k"))));
            ck.append(b("k"), b("+a"));
            assertEquals("v1+a", s(ck.get(b("k"))));
            ck.append(b("fresh"), b("x"));
            assertEquals("x", s(ck.get(b("fresh"))), "append to an absent key starts from the empty value");
            ck.delete(b("k"));
            assertEquals(Optional.empty(), ck.get(b("k")), "a deleted key is absent");
            ck.delete(b("never-there"));
            assertTrue(ck.compareAndSet(b("c"), null, b("1")), "CAS with expected=absent applies to an absent key");
            assertFalse(ck.compareAndSet(b("c"), null, b("2")), "CAS with expected=absent fails on a present key");
            assertFalse(ck.compareAndSet(b("c"), b("9"), b("2")), "CAS with a wrong expected value fails");
            assertEquals("1", s(ck.get(b("c"))), "a failed CAS changes nothing");
            assertTrue(ck.compareAndSet(b("c"), b("1"), b("2")), "CAS with the current value applies");
            assertEquals("2", s(ck.get(b("c"))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void emptyValuesAreStoredAndDistinctFromAbsentKeys(StoreKind store, TestSeed seed) {
        try (KvCluster c = KvCluster.builder(3, store, seed).start()) {
            KvClerk ck = c.client().clerk();
            ck.put(b("e"), new byte[0]);
            Optional<byte[]> v = ck.get(b("e"));
            assertTrue(v.isPresent(), "a key holding the empty value is present");
            assertEquals(0, v.get().length);
            assertTrue(ck.compareAndSet(b("e"), new byte[0], b("now")), "CAS matches the empty value");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void oversizedKeysAndValuesFailWithAClearErrorAndChangeNothing(StoreKind store, TestSeed seed) {
        try (KvCluster c = KvCluster.builder(3, store, seed).start()) {
            KvClerk ck = c.client().clerk();
            byte[] bigKey = new byte[KvLimits.DEFAULT.maxKeyBytes() + 1];
            byte[] bigValue = new byte[KvLimits.DEFAULT.maxValueBytes() + 1];
            KvRequestRejectedException e = assertThrows(KvRequestRejectedException.class,
                    () -> ck.put(bigKey, b("v")));
            assertTrue(e.getMessage().contains("key of 501 bytes is over the limit of 500"), e.getMessage());
            e = assertThrows(KvRequestRejectedException.class, () -> ck.put(b("k"), bigValue));
            assertTrue(e.getMessage().contains("value of 512001 bytes is over the limit of 512000 bytes"),
                    e.getMessage());
            assertThrows(KvRequestRejectedException.class, () -> ck.get(bigKey));

            // A clerk that does not check (larger limits) is refused by the servers, with the same reason.
            KvClerk lax = c.client(KvCluster.testClerkOptions().withLimits(new KvLimits(1 << 20, 4 << 20))).clerk();
            e = assertThrows(KvRequestRejectedException.class, () -> lax.put(bigKey, b("v")));
            assertTrue(e.getMessage().contains("over the limit of 500 bytes"), e.getMessage());
            e = assertThrows(KvRequestRejectedException.class, () -> lax.put(b("k"), new byte[3 << 20]));
            assertTrue(e.getMessage().contains("over the limit of 512000 bytes"), e.getMessage());
            lax.put(b("k"), b("ok"));
            assertEquals("ok", s(lax.get(b("k"))), "the clerk stays usable after a rejected request");

            byte[] almost = new byte[KvLimits.DEFAULT.maxValueBytes()];
            ck.put(b("full"), almost);
            e = assertThrows(KvRequestRejectedException.class, () -> ck.append(b("full"), b("x")));
            assertTrue(e.getMessage().contains("appending 1 bytes"), e.getMessage());
            assertEquals(almost.length, ck.get(b("full")).orElseThrow().length, "the refused append changed nothing");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void followerAnswersNotLeaderWithTheLeadersNameAndTheClerkFollowsIt(StoreKind store, TestSeed seed)
            throws Exception {
        try (KvCluster c = KvCluster.builder(3, store, seed).start()) {
            NodeId leader = c.awaitLeader();
            c.client().clerk().put(b("k"), b("v"));
            NodeId follower = c.servers().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            KvResponse r = askUntilALeaderIsNamed(c.clientTransport(), follower);
            assertEquals(KvStatus.KV_STATUS_NOT_LEADER, r.getStatus(), r + "; " + c.describe());
            assertEquals(leader.value(), r.getLeaderHint(), c.describe());

            KvClerk startsAtFollower = KvClerk.create(c.clientTransport(), KvCluster.GROUP,
                    List.of(follower, leader), KvCluster.testClerkOptions(), 77);
            assertEquals("v", s(startsAtFollower.get(b("k"))));
            assertEquals(leader, startsAtFollower.leaderGuess(), "the clerk remembers the leader it was sent to");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void requestsForAnotherGroupOrUndecodableOnesAreRefusedWithTheirReason(StoreKind store, TestSeed seed)
            throws Exception {
        try (KvCluster c = KvCluster.builder(3, store, seed).start()) {
            NodeId leader = c.awaitLeader();
            Transport raw = c.clientTransport();
            byte[] otherGroup = KvRequest.newBuilder().setGroup("other")
                    .setRead(ReadRequest.newBuilder().setKey(ByteString.copyFromUtf8("k"))).build().toByteArray();
            KvResponse r = KvResponse.parseFrom(raw.request(leader, KvServer.channel(KvCluster.GROUP), otherGroup,
                    Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS));
            assertEquals(KvStatus.KV_STATUS_WRONG_GROUP, r.getStatus());
            assertTrue(r.getError().contains("'other'"), r.getError());

            r = KvResponse.parseFrom(raw.request(leader, KvServer.channel(KvCluster.GROUP), new byte[] {(byte) 0xff},
                    Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS));
            assertEquals(KvStatus.KV_STATUS_BAD_REQUEST, r.getStatus());
            assertTrue(r.getError().startsWith("cannot decode the request"), r.getError());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aClerkRefusesASecondRequestWhileOneIsOutstanding(StoreKind store, TestSeed seed) {
        try (KvCluster c = KvCluster.builder(3, store, seed).start()) {
            KvClerk ck = c.client().clerk();
            CompletableFuture<Void> first = ck.putAsync(b("k"), b("1"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ck.putAsync(b("k"), b("2")));
            assertTrue(e.getMessage().contains("one request at a time"), e.getMessage());
            first.join();
            assertArrayEquals(b("1"), ck.get(b("k")).orElseThrow(), "only the first request was sent");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void whenNoServerAnswersTheClerkTimesOutNamingTheLastError(StoreKind store, TestSeed seed) {
        try (KvCluster c = KvCluster.builder(3, store, seed).start()) {
            KvClerk ck = c.client(KvCluster.testClerkOptions().withOperationTimeout(Duration.ofSeconds(1))).clerk();
            ck.put(b("k"), b("v"));
            c.crashAll();
            KvTimeoutException e = assertThrows(KvTimeoutException.class, () -> ck.put(b("k"), b("w")));
            assertTrue(e.getMessage().contains("completed put #2 within PT1S; last error:"), e.getMessage());
            c.restartAll();
            assertEquals("v", s(ck.get(b("k"))), "the timed-out put never reached a server");
            ck.put(b("k"), b("x"));
            assertEquals("x", s(ck.get(b("k"))), "the clerk works again once servers are back");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aClerkIdleLongerThanTheSessionLifetimeIsToldSoAndStartsANewSession(StoreKind store, TestSeed seed) {
        SessionPolicy shortLived = new SessionPolicy(20, 5);
        try (KvCluster c = KvCluster.builder(3, store, seed).sessions(shortLived).start()) {
            KvClerk idle = c.client().clerk();
            KvClerk busy = c.client().clerk();
            idle.append(b("idle"), b("a"));
            long firstId = idle.clientId();
            for (int i = 0; i < 30; i++) {
                busy.put(b("busy"), b(Integer.toString(i)));
            }
            SessionExpiredException e = assertThrows(SessionExpiredException.class,
                    () -> idle.append(b("idle"), b("b")));
            assertTrue(e.getMessage().contains("request 2 was not applied"), e.getMessage());
            assertEquals("a", s(idle.get(b("idle"))), "the refused append did not apply");
            assertTrue(idle.clientId() != firstId, "the clerk took a new client id");
            idle.append(b("idle"), b("c"));
            assertEquals("ac", s(idle.get(b("idle"))), "the new session's first write applied");
        }
    }

    /**
     * Asks {@code server} to read "k" until the answer names a leader (or is not NOT_LEADER). A follower names the
     * leader only while it follows one: it learns the leader from the leader's first AppendEntries of the term (the
     * write that preceded needed only one follower's ack, so the other may not have had it yet), and forgets it when
     * its election timer runs out first (a late heartbeat on a loaded machine makes it a pre-candidate until the next
     * heartbeat arrives). Meanwhile it rightly answers NOT_LEADER with no hint.
     */
    private static KvResponse askUntilALeaderIsNamed(Transport raw, NodeId server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            KvResponse r = KvResponse.parseFrom(raw.request(server, KvServer.channel(KvCluster.GROUP), read("k"),
                    Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS));
            if (r.getStatus() != KvStatus.KV_STATUS_NOT_LEADER || !r.getLeaderHint().isEmpty()
                    || System.nanoTime() - deadline > 0) {
                return r;
            }
            Poll.pause(Duration.ofMillis(10));
        }
    }

    private static byte[] read(String key) {
        return KvRequest.newBuilder().setGroup(KvCluster.GROUP)
                .setRead(ReadRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))).build().toByteArray();
    }
}

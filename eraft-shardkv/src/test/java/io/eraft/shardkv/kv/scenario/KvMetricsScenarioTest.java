package io.eraft.shardkv.kv.scenario;

import com.google.protobuf.ByteString;
import io.eraft.api.command.Put;
import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.codec.ProtobufCodec;
import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.eraft.shardkv.kv.scenario.Bytes.b;
import static io.eraft.shardkv.kv.scenario.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A KV group's servers record to metrics labelled with their group and node, as a server process does: requests
 * timed by operation, errors by operation and kind (refusals made before Raft included), client sessions and store
 * write batches.
 */
@Timeout(60)
class KvMetricsScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final String SECONDS = "eraft_kv_request_seconds";
    private static final String ERRORS = "eraft_kv_errors_total";
    private static final String SESSIONS = "eraft_kv_client_sessions";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ProtobufCodec WIRE = new ProtobufCodec();

    private final InMemoryMetrics metrics = new InMemoryMetrics();

    @Test
    void putsAndGetsAreTimedByOperationAndEachNewClientAddsASessionOnEveryServer(TestSeed seed) {
        try (KvCluster c = KvCluster.builder(3, StoreKind.LEVELDB, seed).metrics(metrics).start()) {
            c.awaitLeader();
            for (NodeId id : c.servers()) {
                assertEquals(0.0, metrics.gaugeValue(SESSIONS, labels(id)), "no client yet on " + id);
            }
            KvClerk first = c.client().clerk();
            first.put(b("k"), b("v"));
            assertEquals("v", s(first.get(b("k"))));
            assertTrue(sum(SECONDS, c, "op", "put") >= 1, metrics.names().toString());
            assertTrue(sum(SECONDS, c, "op", "get") >= 1, metrics.names().toString());
            assertEquals(0, sum(SECONDS, c, "op", "append"), "no append was sent");
            assertEquals(0, sum(SECONDS, c, "op", "cas"), "no compare-and-set was sent");
            awaitSessionsOnEveryServer(c, 1);

            c.client().clerk().append(b("k"), b("+"));
            assertTrue(sum(SECONDS, c, "op", "append") >= 1);
            awaitSessionsOnEveryServer(c, 2);
            for (NodeId id : c.servers()) {
                assertTrue(metrics.histogramCount("eraft_store_write_batch_seconds", labels(id)) >= 2,
                        id + " applied the put and the append in store batches");
            }
        }
    }

    @Test
    void requestsRefusedBeforeRaftAreCountedByOperationAndKind(TestSeed seed) throws Exception {
        try (KvCluster c = KvCluster.builder(3, StoreKind.LEVELDB, seed).metrics(metrics).start()) {
            NodeId leader = c.awaitLeader();
            NodeId follower = c.servers().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            Transport raw = c.clientTransport();

            String[] notLeader = labels(follower, "op", "put", "kind", "not_leader");
            long putsBefore = metrics.histogramCount(SECONDS, labels(follower, "op", "put"));
            KvResponse r = ask(raw, follower, write(new Put(5, 1, b("k"), b("v"))));
            assertEquals(KvStatus.KV_STATUS_NOT_LEADER, r.getStatus(), c.describe());
            assertEquals(1, metrics.counterValue(ERRORS, notLeader), "the follower refused one put");
            assertEquals(putsBefore + 1, metrics.histogramCount(SECONDS, labels(follower, "op", "put")),
                    "the refusal is timed too");

            byte[] tooLong = new byte[KvLimits.DEFAULT.maxKeyBytes() + 1];
            r = ask(raw, leader, write(new Put(5, 1, tooLong, b("v"))));
            assertEquals(KvStatus.KV_STATUS_BAD_REQUEST, r.getStatus(), r.getError());
            assertEquals(1, metrics.counterValue(ERRORS, labels(leader, "op", "put", "kind", "bad_request")));

            r = KvResponse.parseFrom(raw.request(leader, KvServer.channel(KvCluster.GROUP), new byte[] {(byte) 0xff},
                    Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS));
            assertEquals(KvStatus.KV_STATUS_BAD_REQUEST, r.getStatus());
            assertEquals(1, metrics.counterValue(ERRORS, labels(leader, "op", "unknown", "kind", "bad_request")),
                    "an undecodable request has no operation");

            r = ask(raw, leader, KvRequest.newBuilder().setGroup("other").setWrite(ByteString.copyFrom(
                    WIRE.encodeCommand(new Put(5, 1, b("k"), b("v"))))).build().toByteArray());
            assertEquals(KvStatus.KV_STATUS_WRONG_GROUP, r.getStatus());
            assertEquals(1, metrics.counterValue(ERRORS, labels(leader, "op", "put", "kind", "wrong_group")));
        }
    }

    private void awaitSessionsOnEveryServer(KvCluster c, int sessions) {
        boolean ok = Poll.until(WAIT, () -> c.servers().stream()
                .allMatch(id -> metrics.gaugeValue(SESSIONS, labels(id)) == sessions));
        assertTrue(ok, "every server keeps " + sessions + " sessions: " + c.servers().stream()
                .map(id -> id + "=" + metrics.gaugeValue(SESSIONS, labels(id))).toList());
    }

    private long sum(String histogram, KvCluster c, String... labels) {
        return c.servers().stream().mapToLong(id -> metrics.histogramCount(histogram, labels(id, labels))).sum();
    }

    private static String[] labels(NodeId node, String... more) {
        String[] all = new String[4 + more.length];
        all[0] = "group";
        all[1] = KvCluster.GROUP;
        all[2] = "node";
        all[3] = node.value();
        System.arraycopy(more, 0, all, 4, more.length);
        return all;
    }

    private static byte[] write(Put put) {
        return KvRequest.newBuilder().setGroup(KvCluster.GROUP).setWrite(ByteString.copyFrom(WIRE.encodeCommand(put)))
                .build().toByteArray();
    }

    private static KvResponse ask(Transport raw, NodeId server, byte[] request) throws Exception {
        return KvResponse.parseFrom(raw.request(server, KvServer.channel(KvCluster.GROUP), request,
                Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS));
    }
}

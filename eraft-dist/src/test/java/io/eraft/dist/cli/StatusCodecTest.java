package io.eraft.dist.cli;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.TransportException;
import io.eraft.dist.server.NodeStatus;
import io.eraft.dist.server.ServerRole;
import io.eraft.dist.server.StatusCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusCodecTest {
    private static final NodeStatus STATUS = new NodeStatus("n1", "kv", "127.0.0.1:7101", Role.LEADER, 7, "n1",
            1234, 1230, 1240, 1000, 1 << 20, "leveldb", 5L << 30);

    @Test
    void aStatusSurvivesTheRoundTrip() {
        assertEquals(STATUS, StatusCodec.decode("n1", StatusCodec.encode(STATUS)));
    }

    @Test
    void keysANewerServerAddsAreIgnored() {
        byte[] withExtra = (new String(StatusCodec.encode(STATUS), StandardCharsets.UTF_8) + "uptime=12\n")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(STATUS, StatusCodec.decode("n1", withExtra));
    }

    @Test
    void theLiveFiguresSurviveTheRoundTrip() {
        NodeStatus live = STATUS.withFigures(98_765, 4_321, 1_234);
        NodeStatus decoded = StatusCodec.decode("n1", StatusCodec.encode(live));
        assertEquals(live, decoded);
        assertEquals(98_765, decoded.kvOps());
        assertEquals(4_321, decoded.kvP99Micros());
        assertEquals(1_234, decoded.fsyncP99Micros());
    }

    @Test
    void aReplyWithoutLiveFiguresFromAnOlderServerReadsThemAsZero() {
        String full = new String(StatusCodec.encode(STATUS.withFigures(5, 6, 7)), StandardCharsets.UTF_8);
        String old = full.substring(0, full.indexOf("kv-ops="));
        NodeStatus decoded = StatusCodec.decode("n1", old.getBytes(StandardCharsets.UTF_8));
        assertEquals(STATUS, decoded);
        assertEquals(0, decoded.kvOps() + decoded.kvP99Micros() + decoded.fsyncP99Micros());
    }

    @Test
    void aLiveFigureThatIsNoNumberIsRefused() {
        String full = new String(StatusCodec.encode(STATUS), StandardCharsets.UTF_8);
        var bad = assertThrows(TransportException.class, () -> StatusCodec.decode("n1",
                full.replace("kv-p99-us=0", "kv-p99-us=slow").getBytes(StandardCharsets.UTF_8)));
        assertTrue(bad.getMessage().contains("'kv-p99-us' is not a number"), bad.getMessage());
    }

    @Test
    void aReplyOfAnotherFormatIsRefusedNamingTheNode() {
        var e = assertThrows(TransportException.class,
                () -> StatusCodec.decode("n2", "format=9\nid=n2\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("node n2") && e.getMessage().contains("format 9"), e.getMessage());
    }

    @Test
    void aReplyMissingAFieldOrWithABadNumberIsRefused() {
        String full = new String(StatusCodec.encode(STATUS), StandardCharsets.UTF_8);
        var missing = assertThrows(TransportException.class, () -> StatusCodec.decode("n1",
                full.replace("term=7\n", "").getBytes(StandardCharsets.UTF_8)));
        assertTrue(missing.getMessage().contains("no 'term'"), missing.getMessage());
        var bad = assertThrows(TransportException.class, () -> StatusCodec.decode("n1",
                full.replace("commit=1234", "commit=lots").getBytes(StandardCharsets.UTF_8)));
        assertTrue(bad.getMessage().contains("'commit' is not a number"), bad.getMessage());
    }

    @Test
    void aShardServersKindConfigurationAndShardStatesSurviveTheRoundTrip() {
        NodeStatus shard = new NodeStatus("127.0.0.1:7201", "g1", "127.0.0.1:7201", Role.FOLLOWER, 3,
                "127.0.0.1:7202", 50, 49, 51, 0, 4096, "lmdb", 8192, ServerRole.SHARD, 4,
                new TreeMap<>(Map.of(0, "SERVING", 3, "PULLING", 9, "BEING_PULLED", 12, "GC_PENDING")));
        NodeStatus decoded = StatusCodec.decode("127.0.0.1:7201", StatusCodec.encode(shard));
        assertEquals(shard, decoded);
        assertEquals(List.of(0, 3, 9, 12), List.copyOf(decoded.shards().keySet()));
    }

    @Test
    void aReplyWithoutKindIsAPlainKvServersFromBeforeSharding() {
        String full = new String(StatusCodec.encode(STATUS), StandardCharsets.UTF_8);
        String old = full.substring(0, full.indexOf("kind="));
        NodeStatus decoded = StatusCodec.decode("n1", old.getBytes(StandardCharsets.UTF_8));
        assertEquals(ServerRole.KV, decoded.kind());
        assertEquals(0, decoded.configNum());
        assertTrue(decoded.shards().isEmpty());
        assertEquals(STATUS, decoded);
    }

    @Test
    void anUnknownKindOrAMalformedShardEntryIsRefusedNamingTheNode() {
        String full = new String(StatusCodec.encode(STATUS), StandardCharsets.UTF_8);
        var kind = assertThrows(TransportException.class, () -> StatusCodec.decode("n1",
                full.replace("kind=kv", "kind=proxy").getBytes(StandardCharsets.UTF_8)));
        assertTrue(kind.getMessage().contains("node n1") && kind.getMessage().contains("'proxy'"), kind.getMessage());
        var shards = assertThrows(TransportException.class, () -> StatusCodec.decode("n1",
                full.replace("shards=", "shards=x:SERVING").getBytes(StandardCharsets.UTF_8)));
        assertTrue(shards.getMessage().contains("'x:SERVING' is not shard:phase"), shards.getMessage());
    }

    @Test
    void theClusterAFailureRecoveringAndTheSpaceAlarmSurviveTheRoundTripAndAnOlderReplyIsHealthy() {
        NodeStatus failed = new NodeStatus("n2", "kv", "127.0.0.1:7102", Role.FAILED, 4, "", 10, 10, 12, 0, 4096,
                "leveldb", 8192, ServerRole.KV, 0, new TreeMap<>(), "3f9a0c1d2e4b5a67",
                "log write failed: No space left on device", true,
                "120 MiB free on the data directory's file system, under space.min-free 256 MiB");
        assertEquals(failed, StatusCodec.decode("n2", StatusCodec.encode(failed)));

        String full = new String(StatusCodec.encode(STATUS), StandardCharsets.UTF_8);
        String old = full.substring(0, full.indexOf("cluster="));
        NodeStatus decoded = StatusCodec.decode("n1", old.getBytes(StandardCharsets.UTF_8));
        assertEquals("", decoded.cluster());
        assertEquals("", decoded.failure());
        assertFalse(decoded.recovering());
        assertEquals("", decoded.alarm());
        assertFalse(decoded.failed());
    }
}

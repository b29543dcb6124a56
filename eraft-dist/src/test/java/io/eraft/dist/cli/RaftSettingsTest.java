package io.eraft.dist.cli;

import io.eraft.api.raft.RaftConfig;
import io.eraft.dist.cluster.FreePorts;
import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerConfigLoader;
import io.eraft.shardkv.kv.KvLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.eraft.dist.cli.CliRun.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RaftSettingsTest {
    private static final String PEERS = "n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103";

    private static ServerConfig load(String... keyValues) {
        Map<String, String> settings = new HashMap<>(Map.of("node.id", "n1", "peers", PEERS));
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return ServerConfigLoader.load(null, settings);
    }

    @Test
    void withoutRaftSettingsAServerUsesRaftsDefaultsAndTheDefaultKvLimits() {
        ServerConfig c = load();
        RaftConfig expected = RaftConfig.defaults().withSnapshotThresholdBytes(64L << 20);
        assertEquals(expected, c.raft());
        assertEquals(KvLimits.DEFAULT, c.limits());
    }

    @Test
    void raftSettingsWithUnitsReachTheRaftConfig() {
        ServerConfig c = load("raft.max-append-bytes", "4m", "raft.tick", "5ms", "raft.election-ticks", "40",
                "raft.heartbeat-ticks", "4", "raft.pre-vote", "false", "raft.request-timeout", "3s",
                "raft.max-inflight-appends", "8", "raft.snapshot-chunk-bytes", "256k", "snapshot.threshold", "8m",
                "raft.max-promotion-lag", "5000");
        assertEquals(4L << 20, c.raft().maxAppendBytes());
        assertEquals(Duration.ofMillis(5), c.raft().tick());
        assertEquals(40, c.raft().electionTicks());
        assertEquals(4, c.raft().heartbeatTicks());
        assertFalse(c.raft().preVote());
        assertTrue(c.raft().checkQuorum());
        assertEquals(Duration.ofSeconds(3), c.raft().requestTimeout());
        assertEquals(8, c.raft().maxInflightAppends());
        assertEquals(256 << 10, c.raft().snapshotChunkBytes());
        assertEquals(8L << 20, c.raft().snapshotThresholdBytes());
        assertEquals(5000, c.raft().maxPromotionLag());
    }

    @Test
    void leaseReadIsOffByDefaultAndOnWithItsDriftWhenSet() {
        assertFalse(load().raft().leaseRead());
        ServerConfig c = load("raft.lease-read", "true", "raft.lease-max-drift-percent", "20");
        assertTrue(c.raft().leaseRead());
        assertEquals(0.2, c.raft().leaseMaxDrift(), 1e-9);
        var noCheckQuorum = assertThrows(ConfigException.class,
                () -> load("raft.lease-read", "true", "raft.check-quorum", "false"));
        assertTrue(noCheckQuorum.getMessage().contains("checkQuorum"), noCheckQuorum.getMessage());
        var drift = assertThrows(ConfigException.class, () -> load("raft.lease-max-drift-percent", "60"));
        assertTrue(drift.getMessage().contains("raft.lease-max-drift-percent"), drift.getMessage());
    }

    @Test
    void anUnknownRaftSettingIsRefusedNamingTheNearestKnownOne() {
        var e = assertThrows(ConfigException.class, () -> load("raft.maxAppendBytes", "4m"));
        assertTrue(e.getMessage().contains("unknown setting 'raft.maxAppendBytes'; did you mean "
                + "'raft.max-append-bytes'?"), e.getMessage());
        assertTrue(e.getMessage().contains("raft.max-append-bytes"), e.getMessage());
        var kv = assertThrows(ConfigException.class, () -> load("kv.max-value", "1m"));
        assertTrue(kv.getMessage().contains("kv.max-value-bytes"), kv.getMessage());
    }

    @Test
    void malformedOrOutOfRangeValuesAreRefusedNamingTheSetting() {
        var size = assertThrows(ConfigException.class, () -> load("raft.max-append-bytes", "lots"));
        assertTrue(size.getMessage().contains("bad value 'lots' for setting 'raft.max-append-bytes'"), size.getMessage());
        var huge = assertThrows(ConfigException.class, () -> load("raft.max-append-bytes", "2g"));
        assertTrue(huge.getMessage().contains("raft.max-append-bytes"), huge.getMessage());
        var time = assertThrows(ConfigException.class, () -> load("raft.tick", "10 minutes"));
        assertTrue(time.getMessage().contains("raft.tick") && time.getMessage().contains("1ms..1min (e.g. 150ms, 2s)"),
                time.getMessage());
        var key = assertThrows(ConfigException.class, () -> load("kv.max-key-bytes", "600"));
        assertTrue(key.getMessage().contains("kv.max-key-bytes"), key.getMessage());
    }

    @Test
    void heartbeatsNotMoreFrequentThanElectionsAreRefused() {
        var e = assertThrows(ConfigException.class, () -> load("raft.election-ticks", "3",
                "raft.heartbeat-ticks", "3"));
        assertTrue(e.getMessage().contains("raft.election-ticks must be greater than raft.heartbeat-ticks"),
                e.getMessage());
    }

    @Test
    void kvLimitSettingsReachTheConfig() {
        ServerConfig c = load("kv.max-value-bytes", "2m", "kv.max-key-bytes", "100", "raft.max-append-bytes", "5m");
        assertEquals(new KvLimits(100, 2 << 20), c.limits());
    }

    @Test
    void aServerWhoseValueLimitDoesNotFitMaxAppendBytesRefusesToStartNamingBoth(@TempDir Path dir) {
        String address = "127.0.0.1:" + FreePorts.pick(1).get(0);
        CliRun r = eraft("server", "--id", "n1", "--peers", "n1=" + address, "--data-dir", dir.toString(),
                "--set", "kv.max-value-bytes=2m");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("raft.max-append-bytes is 1048576 bytes"), r.err());
        assertTrue(r.err().contains("kv.max-value-bytes"), r.err());
    }
}

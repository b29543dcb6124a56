package io.eraft.api.raft;

import io.eraft.api.settings.InvalidSettingException;
import io.eraft.api.settings.Setting;
import io.eraft.api.settings.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RaftConfigBuilderTest {
    @Test
    void theBuildersDefaultsAreTheDefaultsRaftHadBeforeTheBuilder() {
        RaftConfig d = RaftConfig.builder().build();
        assertEquals(Duration.ofMillis(10), d.tick());
        assertEquals(15, d.electionTicks());
        assertEquals(3, d.heartbeatTicks());
        assertTrue(d.preVote() && d.checkQuorum());
        assertEquals(64, d.maxInflightAppends());
        assertEquals(8L << 20, d.maxInflightBytes());
        assertEquals(1L << 20, d.maxAppendBytes());
        assertEquals(64L << 20, d.maxEntryCacheBytes());
        assertEquals(100_000, d.maxPendingProposals());
        assertEquals(1 << 20, d.snapshotChunkBytes());
        assertEquals(64L << 20, d.snapshotThresholdBytes());
        assertEquals(Duration.ofSeconds(2), d.requestTimeout());
        assertEquals(RaftConfig.DEFAULT_MAX_PROMOTION_LAG, d.maxPromotionLag());
        assertEquals(false, d.leaseRead());
        assertEquals(RaftConfig.DEFAULT_LEASE_MAX_DRIFT, d.leaseMaxDrift());
        assertEquals(d, RaftConfig.defaults());
    }

    @Test
    void toBuilderChangesOnlyTheValuesSet() {
        RaftConfig d = RaftConfig.defaults();
        RaftConfig changed = d.toBuilder().electionTicks(30).leaseRead(true).build();
        assertEquals(30, changed.electionTicks());
        assertTrue(changed.leaseRead());
        assertEquals(d, changed.toBuilder().electionTicks(15).leaseRead(false).build());
    }

    @Test
    void theBuilderKeepsTheChecksAcrossValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RaftConfig.builder().electionTicks(3).heartbeatTicks(3).build());
        assertTrue(e.getMessage().contains("electionTicks (3) must be greater than heartbeatTicks (3)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.builder().checkQuorum(false).leaseRead(true)
                .build());
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.builder().maxAppendBytes(0).build());
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.builder().leaseMaxDrift(0.6).build());
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.builder().tick(Duration.ZERO).build());
    }

    @Test
    void theRaftKeysDefaultsGiveTheDefaultConfig() {
        assertEquals(RaftConfig.defaults(), RaftKeys.config(Settings.defaults(RaftKeys.ALL)));
    }

    @Test
    void everyRaftKeyIsUniqueUnderRaftAndHasADescriptionAndAnAllowedRange() {
        Set<String> keys = new HashSet<>();
        for (Setting<?> s : RaftKeys.ALL) {
            assertTrue(s.key().startsWith("raft."), s.key());
            assertTrue(keys.add(s.key()), "twice: " + s.key());
            assertTrue(!s.description().isBlank() && !s.allowed().isBlank(), s.key());
            assertEquals(s.defaultValue(), s.parse(s.defaultText()), "the default reads back: " + s.key());
        }
        assertEquals(16, keys.size(), "one key per RaftConfig field");
    }

    @Test
    void raftKeysBuildTheConfigTheyNameAndRefuseClashes() {
        RaftConfig c = RaftKeys.config(Settings.parse(RaftKeys.ALL, Map.of("raft.tick", "20ms",
                "raft.election-ticks", "30", "raft.lease-read", "true", "raft.lease-max-drift-percent", "20")));
        assertEquals(Duration.ofMillis(20), c.tick());
        assertEquals(30, c.electionTicks());
        assertTrue(c.leaseRead());
        assertEquals(0.2, c.leaseMaxDrift(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> RaftKeys.config(Settings.parse(RaftKeys.ALL,
                Map.of("raft.election-ticks", "3", "raft.heartbeat-ticks", "3"))));
        assertThrows(InvalidSettingException.class, () -> Settings.parse(RaftKeys.ALL,
                Map.of("raft.max-append-bytes", "41MiB")));
    }
}

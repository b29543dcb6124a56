package io.eraft.dist.demo;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupStatusTest {
    private static GroupStatus g3(long configNum, Map<Integer, String> shards) {
        return new GroupStatus("g3", "127.0.0.1:7110", 1, configNum, new TreeMap<>(shards));
    }

    @Test
    void describeCountsTheShardsAndEveryPhaseButServing() {
        assertEquals("g3: 5 shards, 1 GC_PENDING, 2 PULLING", g3(2, Map.of(1, "PULLING", 4, "PULLING",
                6, "SERVING", 9, "GC_PENDING", 12, "SERVING")).describe());
        assertEquals("g3: 1 shard", g3(2, Map.of(1, "SERVING")).describe());
        assertEquals("g3: no leader", GroupStatus.leaderless("g3").describe());
    }

    @Test
    void aGroupIsSettledOnlyOnceItAppliedTheConfigurationAndServesEveryShardItHolds() {
        assertTrue(g3(2, Map.of(1, "SERVING", 4, "SERVING")).settledAt(2));
        assertTrue(g3(3, Map.of()).settledAt(2), "a later configuration, no shards held");
        assertFalse(g3(1, Map.of(1, "SERVING")).settledAt(2), "an older configuration");
        assertFalse(g3(2, Map.of(1, "SERVING", 4, "GC_PENDING")).settledAt(2));
        assertFalse(g3(2, Map.of(1, "BEING_PULLED")).settledAt(2));
        assertFalse(GroupStatus.leaderless("g3").settledAt(0));
    }
}

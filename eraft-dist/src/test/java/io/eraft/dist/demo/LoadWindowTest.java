package io.eraft.dist.demo;

import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.ctrler.ShardConfig;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Windows of a load add up, and a phase splits its throughput by the group owning each shard. */
class LoadWindowTest {
    private static LoadWindow window(long startMillis, long endMillis, long[] perShard, long errors,
                                     long latencyMicros) {
        Histogram h = new Histogram(3);
        long completed = 0;
        for (long n : perShard) {
            completed += n;
        }
        h.recordValueWithCount(latencyMicros * 1000, Math.max(1, completed));
        return new LoadWindow(startMillis * 1_000_000, endMillis * 1_000_000, completed, errors, perShard, h);
    }

    @Test
    void mergedWindowsSumTheirCountsAndSpanFromTheFirstStartToTheLastEnd() {
        LoadWindow merged = LoadWindow.merge(List.of(window(0, 100, new long[] {10, 20}, 1, 2_000),
                window(100, 250, new long[] {5, 15}, 2, 4_000)));
        assertEquals(0.25, merged.seconds(), 1e-9);
        assertEquals(50, merged.completed());
        assertEquals(3, merged.errors());
        assertEquals(15, merged.completedInShard(0));
        assertEquals(35, merged.completedInShard(1));
        assertEquals(200.0, merged.opsPerSecond(), 1e-6);
        assertEquals(4.0, merged.latencyMillis(99), 0.05, "within the histograms' 1% precision");
    }

    @Test
    void aPhaseCountsEachShardsCompletionsForTheGroupOwningItInTheConfiguration() {
        ShardConfig config = new ShardConfig(2, List.of("g1", "g2", "g2", "g1"), new TreeMap<>(Map.of(
                "g1", List.of(NodeId.of("127.0.0.1:1")), "g2", List.of(NodeId.of("127.0.0.1:2")))));
        PhaseSummary p = PhaseSummary.of("2 groups", List.of(window(0, 500, new long[] {100, 40, 60, 200}, 0, 1_000),
                window(500, 1000, new long[] {100, 40, 60, 200}, 5, 1_000)), config);
        assertEquals(Map.of("g1", 600.0, "g2", 200.0), p.perGroup());
        assertEquals(800.0, p.opsPerSecond(), 1e-6);
        assertEquals(5, p.errors());
        assertEquals(1.0, p.seconds(), 1e-9);
    }

    @Test
    void aPhaseWithoutAConfigurationIsNotSplit() {
        PhaseSummary p = PhaseSummary.of("during", List.of(window(0, 100, new long[] {3, 4}, 0, 1_000)), null);
        assertEquals(Map.of(), p.perGroup());
        assertEquals(7, p.total().count());
    }
}

package io.eraft.dist.bench;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.cli.JsonFields;
import io.eraft.dist.client.LatencySummary;
import io.eraft.dist.demo.LoadWindow;
import io.eraft.dist.demo.PhaseSummary;
import io.eraft.shardkv.ctrler.ShardConfig;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardBenchReportTest {
    private static final ShardBenchmark.Options OPTIONS = new ShardBenchmark.Options(Path.of("w"), "leveldb", true,
            32, 2, 10, 3, 10_000, 128, 0.5, 16);

    private static PhaseSummary phase(String name, double opsPerSecond, Map<String, Double> perGroup) {
        return new PhaseSummary(name, 10, new LatencySummary((long) (opsPerSecond * 10), opsPerSecond, 2_000, 3_000,
                9_000, 20_000, 40_000), 0, new TreeMap<>(perGroup));
    }

    private static final ShardBenchReport REPORT = new ShardBenchReport(OPTIONS, 2,
            phase("1 group", 1000, Map.of("g1", 1000.0)),
            phase("2 groups", 1250, Map.of("g1", 600.0, "g2", 650.0)),
            new MigrationReport("g3", 3, List.of(3, 7, 12), true, 1.5, 2, 1200,
                    new MigrationReport.Tick(0.3, 0.1, 300, 2, true),
                    List.of(new MigrationReport.Tick(-0.1, 0.1, 1210, 0, false),
                            new MigrationReport.Tick(0.0, 0.1, 900, 0, true),
                            new MigrationReport.Tick(0.3, 0.1, 300, 2, true)),
                    phase("during migration", 700, Map.of()),
                    phase("after migration", 1300, Map.of("g1", 450.0, "g2", 420.0, "g3", 430.0))),
            null);

    @Test
    void jsonHoldsTheCoresEveryPhaseThePerGroupSplitTheRatioAndTheMigrationWindows() throws IOException {
        JsonFields.assertHolds(REPORT.toJson(),
                "cores", "2",
                "fsync", "true",
                "oneGroup.opsPerSecond", "1000.0",
                "twoGroups.perGroup.g2", "650.0",
                "twoGroups.p99Micros", "9000.0",
                "twoGroups.p999Micros", "20000.0",
                "ratio", "1.25",
                "migration.group", "g3",
                "migration.movedShards[2]", "12",
                "migration.seconds", "1.5",
                "migration.errors", "2",
                "migration.lowestShare", "0.25",
                "migration.after.perGroup.g3", "430.0",
                "migration.windows[1].opsPerSecond", "900.0",
                "migration.windows[0].migrating", "false");
    }

    @Test
    void textShowsEveryPhaseRowTheRatioTheWindowsMarkedDuringTheMigrationAndTheDip() {
        String text = REPORT.toText();
        assertTrue(text.matches("(?s)phase .*\n\\(a\\) 1 group\\s+10\\.0\\s+10000\\s+1000\\s+2\\.00\\s+9\\.00\\s+"
                + "20\\.00\\s+0\\s+g1 1000\n.*"), text);
        assertTrue(text.contains("g1 600, g2 650\n"), text);
        assertTrue(text.contains("g1 450, g2 420, g3 430\n"), text);
        assertTrue(text.contains("2 groups / 1 group: 1.25x throughput (2 cores shared by every group)"), text);
        assertTrue(text.contains("(c) g3 joined 2 loaded groups: configuration 3 moved 3 shards to it [3, 7, 12]"),
                text);
        assertTrue(text.contains("\n    -0.1s    1210     900*    300*\n"), text);
        assertTrue(text.contains("migration: 1.50 s from the Join to every group's leader serving all its shards "
                + "(SERVING); 2 errors during it"), text);
        assertTrue(text.contains("dip: the lowest window during it (at +0.3 s) did 300 ops/s, 25% of the "
                + "pre-migration median (the windows of (b)) of 1200 ops/s"), text);
    }

    @Test
    void theHeaderNamesTheCoresAndSaysGroupsOnOneMachineShareThem() {
        String header = ShardBenchReport.header(OPTIONS, 2);
        assertTrue(header.contains("; 2 cores\n"), header);
        assertTrue(header.contains("every group shares the same 2 cores and the same disk, so 2 groups do not "
                + "double throughput here"), header);
    }

    @Test
    void theMedianWindowAndTheMovedShardsAreComputedFromTheRun() {
        assertEquals(200.0, ShardBenchmark.median(List.of(window(300), window(100), window(200))), 1e-6);
        assertEquals(250.0, ShardBenchmark.median(List.of(window(300), window(100), window(200), window(400))),
                1e-6);
        assertEquals(0.0, ShardBenchmark.median(List.of()));
        TreeMap<String, List<NodeId>> groups = new TreeMap<>(Map.of("g1", List.of(NodeId.of("127.0.0.1:1")),
                "g2", List.of(NodeId.of("127.0.0.1:2"))));
        ShardConfig before = new ShardConfig(1, List.of("g1", "g1", "g1", "g1"), groups);
        ShardConfig after = new ShardConfig(2, List.of("g1", "g2", "g1", "g2"), groups);
        assertEquals(List.of(1, 3), ShardBenchmark.moved(before, after));
    }

    /** A 100 ms window that completed {@code opsPerSecond / 10} operations. */
    private static LoadWindow window(long opsPerSecond) {
        return new LoadWindow(0, 100_000_000L, opsPerSecond / 10, 0, new long[] {opsPerSecond / 10},
                new Histogram(3));
    }
}

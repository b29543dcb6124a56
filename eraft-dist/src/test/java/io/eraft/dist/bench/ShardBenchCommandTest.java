package io.eraft.dist.bench;

import io.eraft.dist.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code eraft bench-shard} with tiny phases prints every section (the figures themselves are not checked). */
class ShardBenchCommandTest {
    @Test
    @Timeout(120)
    void tinyPhasesStillPrintOneGroupTwoGroupsTheRatioAndTheMigrationWithItsWindows(@TempDir Path dir) {
        CliRun r = CliRun.eraft("bench-shard", "--dir", dir.resolve("work").toString(), "--clients", "4",
                "--seconds", "0.3", "--warmup", "0", "--after", "0.3", "--keys", "200", "--fsync", "false");
        String text = r.out();
        assertEquals(0, r.exit(), text + r.err());
        assertTrue(text.matches("(?s)bench-shard: .*; \\d+ cores\n.*"), "the header ends with the cores: " + text);
        assertTrue(text.contains("so 2 groups do not double throughput here"), text);
        assertTrue(text.matches("(?s).*\n\\(a\\) 1 group\\s+[\\d.]+\\s+\\d+\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+"
                + "\\s+\\d+\\s+g1 \\d+\n.*"), text);
        assertTrue(text.matches("(?s).*\n\\(b\\) 2 groups\\s.*g1 \\d+, g2 \\d+\n.*"), text);
        assertTrue(text.contains("\n(c) during migration "), text);
        assertTrue(text.matches("(?s).*\n\\(c\\) after migration\\s.*g1 \\d+, g2 \\d+, g3 \\d+\n.*"), text);
        assertTrue(text.matches("(?s).*\n2 groups / 1 group: [\\d.]+x throughput.*"), text);
        assertTrue(text.matches("(?s).*\n\\(c\\) g3 joined 2 loaded groups: configuration 3 moved \\d+ shards to "
                + "it \\[.*"), text);
        assertTrue(text.contains("throughput per 100 ms window, ops/s"), text);
        assertTrue(text.matches("(?s).*\n\\s+[-+]\\d+\\.\\ds\\s+\\d+.*"), "window rows: " + text);
        assertTrue(text.matches("(?s).*\nmigration: [\\d.]+ s from the Join to every group's leader serving all its "
                + "shards \\(SERVING\\); \\d+ errors during it\n.*"), text);
        assertTrue(text.matches("(?s).*\ndip: the lowest window during it .*% of the pre-migration median.*"), text);
    }
}

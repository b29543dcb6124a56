package io.eraft.dist.bench;

import io.eraft.dist.cli.BenchReportTest;
import io.eraft.dist.cli.EraftCommand;
import io.eraft.dist.demo.LocalShardedCluster;
import io.eraft.dist.server.NodeStatus;
import io.eraft.shardkv.ctrler.ShardConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code eraft bench --ctrlers}: routing clerks send each key to the group that owns its shard. */
class BenchThroughControllerTest {
    @Test
    @Timeout(90)
    void benchWithCtrlersCompletesEveryOperationAndWritesReachBothGroups(@TempDir Path dir) throws Exception {
        LocalShardedCluster.Options options = LocalShardedCluster.Options.defaults(dir).withFsync(false)
                .withSizes(1, 1).withShards(8);
        try (LocalShardedCluster cluster = LocalShardedCluster.start(options)) {
            String g1 = cluster.addGroup();
            String g2 = cluster.addGroup();
            ShardConfig config = cluster.join(g1, g2);
            assertTrue(cluster.awaitSettled(config.num(), Duration.ofSeconds(30)));
            Map<String, Long> appliedBefore = applied(cluster);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = EraftCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute("bench", "--ctrlers", cluster.controllers().format(), "--clients", "4", "--ops",
                    "200", "--read-ratio", "0", "--json");

            assertEquals(0, exit, out + "\n" + err);
            assertTrue(err.toString().startsWith("bench: 4 clients against the sharded cluster of controllers "
                    + cluster.controllers().format() + " (routing clerks)"), err.toString());
            Map<String, String> f = BenchReportTest.flatten(out.toString());
            assertEquals("200", f.get("writes.ops"), out.toString());
            assertEquals("0", f.get("errors"), out.toString());
            Map<String, Long> appliedAfter = applied(cluster);
            for (String g : new String[] {g1, g2}) {
                assertTrue(appliedAfter.get(g) > appliedBefore.get(g), g + " applied writes: " + appliedBefore
                        + " -> " + appliedAfter);
            }
        }
    }

    private static Map<String, Long> applied(LocalShardedCluster cluster) {
        Map<String, Long> out = new HashMap<>();
        for (NodeStatus s : cluster.nodeStatuses()) {
            out.merge(s.group(), s.appliedIndex(), Math::max);
        }
        return out;
    }
}

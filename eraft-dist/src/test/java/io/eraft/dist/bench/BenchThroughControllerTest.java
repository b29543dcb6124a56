package io.eraft.dist.bench;

import io.eraft.dist.cli.CliRun;
import io.eraft.dist.cli.JsonFields;
import io.eraft.dist.demo.LocalShardedCluster;
import io.eraft.dist.server.NodeStatus;
import io.eraft.shardkv.ctrler.ShardConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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

            CliRun r = CliRun.eraft("bench", "--ctrlers", cluster.controllers().format(), "--clients", "4", "--ops",
                    "200", "--read-ratio", "0", "--json");

            assertEquals(0, r.exit(), r.out() + "\n" + r.err());
            assertTrue(r.err().startsWith("bench: 4 clients against the sharded cluster of controllers "
                    + cluster.controllers().format() + " (routing clerks)"), r.err());
            Map<String, String> f = JsonFields.of(r.out());
            assertEquals("200", f.get("writes.ops"), r.out());
            assertEquals("0", f.get("errors"), r.out());
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

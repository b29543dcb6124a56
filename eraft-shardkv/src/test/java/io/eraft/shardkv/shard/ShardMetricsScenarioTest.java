package io.eraft.shardkv.shard;

import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.shard.testing.ShardCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shard groups and controllers record to metrics labelled with their group and node, as server processes do: shards
 * moved by a Join and by a Move show up as migrations, bytes and durations on the new owner, each shard's state on
 * both groups, and every server's configuration number follows the applied configuration.
 */
@Timeout(120)
class ShardMetricsScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final int SHARDS = 4;
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final String[] STATES = {"serving", "pulling", "being_pulled", "gc_pending"};
    private static final List<String> CONTROLLERS = List.of("m0", "m1", "m2");

    @TempDir
    Path dir;

    private final InMemoryMetrics metrics = new InMemoryMetrics();

    @Test
    void shardsMovedByJoinAndMoveAreCountedOnTheNewOwnerWithTheirStatesAndConfiguration(TestSeed seed) {
        try (ShardCluster c = new ShardCluster(StoreKind.LEVELDB, seed, dir, SHARDS, 0, 256, metrics)) {
            c.startGroup("a");
            c.startGroup("b");
            ShardConfig first = c.join("a");
            c.awaitSettled(first.num());
            ShardClerk clerk = c.clerk(LONG);
            for (int i = 0; i < 20; i++) {
                clerk.put(b("k" + i), b("value-" + i));
            }
            for (NodeId id : c.group("a").ids()) {
                assertEquals(0, counter("a", id, "eraft_shard_migrations_total"),
                        "shards nobody owned are served at once, not migrated");
                assertTrue(metrics.gaugeValue("eraft_kv_client_sessions", labels("a", id)) > 0, "a keeps sessions");
            }

            ShardConfig second = c.join("b");
            c.awaitSettled(second.num());
            List<Integer> gained = owned(second, "b");
            assertTrue(!gained.isEmpty(), "b took shards over: " + second);
            for (NodeId id : c.group("b").ids()) {
                assertEquals(gained.size(), counter("b", id, "eraft_shard_migrations_total"), "on " + id);
                assertEquals(gained.size(), metrics.histogramCount("eraft_shard_migration_seconds",
                        labels("b", id)), "each pull timed on " + id);
                assertTrue(counter("b", id, "eraft_shard_migration_bytes_total") > 0, "data was pulled in by " + id);
            }
            assertStates(c, second);

            int moved = owned(second, "a").get(0);
            ShardConfig third = c.admin().move(moved, "b");
            c.awaitSettled(third.num());
            assertEquals("b", third.owner(moved));
            for (NodeId id : c.group("b").ids()) {
                assertEquals(gained.size() + 1, counter("b", id, "eraft_shard_migrations_total"), "on " + id);
            }
            assertStates(c, third);
            for (int i = 0; i < 20; i++) {
                assertEquals("value-" + i, new String(clerk.get(b("k" + i)).orElseThrow(), StandardCharsets.UTF_8));
            }
        }
    }

    /** Every server's shard states and configuration number match {@code config}, once settled. */
    private void assertStates(ShardCluster c, ShardConfig config) {
        for (String gid : List.of("a", "b")) {
            for (NodeId id : c.group(gid).ids()) {
                assertEquals(config.num(), metrics.gaugeValue("eraft_shard_config_number", labels(gid, id)),
                        gid + "/" + id);
                for (int shard = 0; shard < SHARDS; shard++) {
                    boolean owns = config.owner(shard).equals(gid);
                    for (String state : STATES) {
                        double expected = owns && state.equals("serving") ? 1 : 0;
                        assertEquals(expected, metrics.gaugeValue("eraft_shard_state", labels(gid, id, "shard",
                                Integer.toString(shard), "state", state)), gid + "/" + id + " shard " + shard + " "
                                + state + " in " + config);
                    }
                }
            }
        }
        boolean controllersFollow = Poll.until(Duration.ofSeconds(10), () -> CONTROLLERS.stream()
                .allMatch(m -> metrics.gaugeValue("eraft_shard_config_number", "group", ShardCluster.CONTROLLER,
                        "node", m) == config.num()
                        && metrics.gaugeValue("eraft_kv_client_sessions", "group", ShardCluster.CONTROLLER,
                        "node", m) == 1));
        assertTrue(controllersFollow, "every controller reports configuration " + config.num() + " and the admin "
                + "clerk's session: " + metrics.names().stream().filter(n -> n.contains("group=" + ShardCluster
                .CONTROLLER) && (n.contains("config_number") || n.contains("sessions"))).toList());
    }

    private long counter(String gid, NodeId id, String name) {
        return metrics.counterValue(name, labels(gid, id));
    }

    private static List<Integer> owned(ShardConfig config, String gid) {
        return java.util.stream.IntStream.range(0, config.shardCount()).filter(s -> config.owner(s).equals(gid))
                .boxed().toList();
    }

    private static String[] labels(String gid, NodeId id, String... more) {
        String[] all = new String[4 + more.length];
        all[0] = "group";
        all[1] = gid;
        all[2] = "node";
        all[3] = id.value();
        System.arraycopy(more, 0, all, 4, more.length);
        return all;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

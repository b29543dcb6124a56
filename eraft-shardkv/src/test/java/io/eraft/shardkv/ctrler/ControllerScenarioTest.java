package io.eraft.shardkv.ctrler;

import io.eraft.api.raft.RaftConfig;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.ctrler.testing.Replicas;
import io.eraft.shardkv.kv.SessionPolicy;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.ModuleReads;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.transport.inprocess.InProcessNetwork;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three controller replicas on an in-process network, on each store provider: balance and minimal moves after
 * (multi-group) joins and leaves, Move, refusals, historical queries with each replica shut down in turn and after
 * snapshots and a full restart, and exactly-once changes from concurrent clerks on an unreliable network.
 */
@Timeout(120)
class ControllerScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final String CLUSTER = "ctrler";
    private static final List<NodeId> SERVERS = List.of(NodeId.of("m0"), NodeId.of("m1"), NodeId.of("m2"));

    static {
        ModuleReads.ensure();
    }

    @TempDir
    Path dir;

    private Replicas<ControllerServer> controllers(InProcessNetwork net, StoreKind kind, TestSeed seed,
                                                   long snapshotBytes, int shards) {
        RaftConfig config = KvCluster.testConfig().withSnapshotThresholdBytes(snapshotBytes);
        return new Replicas<>(CLUSTER, SERVERS, net, kind, config, SessionPolicy.DEFAULT, dir, seed,
                spec -> ControllerServer.start(spec, shards), ControllerServer::raft);
    }

    private static ControllerClerk clerk(InProcessNetwork net, String name, TestSeed seed) {
        return ControllerClerk.create(net.join(NodeId.of(name)), CLUSTER, SERVERS, KvCluster.testClerkOptions(),
                seed.derive(name.hashCode()));
    }

    private static Map<String, List<NodeId>> groups(String... ids) {
        Map<String, List<NodeId>> groups = new LinkedHashMap<>();
        for (String id : ids) {
            groups.put(id, List.of(NodeId.of(id + "-0"), NodeId.of(id + "-1"), NodeId.of(id + "-2")));
        }
        return groups;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void joinsAndLeavesOfSeveralGroupsBalanceShardsWithTheFewestMoves(StoreKind kind, TestSeed seed) {
        try (InProcessNetwork net = InProcessNetwork.create(seed.derive(1));
             Replicas<ControllerServer> ctrl = controllers(net, kind, seed, 0, 10)) {
            ControllerClerk clerk = clerk(net, "admin", seed);
            ShardConfig c1 = clerk.join(groups("a"));
            assertEquals(Collections.nCopies(10, "a"), c1.owners());
            ShardConfig c2 = clerk.join(groups("b", "c"));
            assertBalanced(c2);
            assertEquals(6, moves(c1, c2), "a keeps 4 of its 10 shards: " + c2.owners());
            ShardConfig c3 = clerk.join(groups("d"));
            assertBalanced(c3);
            assertEquals(2, moves(c2, c3), "d takes 2 shards, one each from the two groups of 4");
            ShardConfig c4 = clerk.leave(List.of("a", "c"));
            assertBalanced(c4);
            assertEquals(List.of("b", "d"), List.copyOf(c4.groups().keySet()));
            assertEquals(c3.shardsOf("a").size() + c3.shardsOf("c").size(), moves(c3, c4),
                    "only the leaving groups' shards move");
            assertEquals(groups("b").get("b"), c4.groups().get("b"));
            assertEquals(c4, clerk.latest());
            assertEquals(c2, clerk.query(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void moveGivesOneShardToAJoinedGroupAndRefusesAnUnknownOne(StoreKind kind, TestSeed seed) {
        try (InProcessNetwork net = InProcessNetwork.create(seed.derive(1));
             Replicas<ControllerServer> ctrl = controllers(net, kind, seed, 0, ControllerServer.DEFAULT_SHARDS)) {
            ControllerClerk clerk = clerk(net, "admin", seed);
            ShardConfig joined = clerk.join(groups("a", "b"));
            int shard = joined.shardsOf("a").get(0);
            ShardConfig moved = clerk.move(shard, "b");
            assertEquals("b", moved.owner(shard));
            assertEquals(1, moves(joined, moved));
            KvRequestRejectedException e = assertThrows(KvRequestRejectedException.class,
                    () -> clerk.move(0, "nosuch"));
            assertTrue(e.getMessage().contains("'nosuch'"), e.getMessage());
            assertThrows(KvRequestRejectedException.class, () -> clerk.leave(List.of("zz")));
            assertEquals(moved, clerk.latest(), "refused changes made no configuration");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void setServersThroughTheClerkReplacesAGroupsServersMovingNoShardAndRefusesAnUnknownGroup(StoreKind kind,
                                                                                            TestSeed seed) {
        try (InProcessNetwork net = InProcessNetwork.create(seed.derive(1));
             Replicas<ControllerServer> ctrl = controllers(net, kind, seed, 0, ControllerServer.DEFAULT_SHARDS)) {
            ControllerClerk clerk = clerk(net, "admin", seed);
            ShardConfig joined = clerk.join(groups("a", "b"));
            List<NodeId> fresh = List.of(NodeId.of("a-new-0"), NodeId.of("a-new-1"));
            ShardConfig set = clerk.setServers("a", fresh);
            assertEquals(joined.num() + 1, set.num());
            assertEquals(0, moves(joined, set));
            assertEquals(fresh, set.groups().get("a"));
            assertEquals(joined.groups().get("b"), set.groups().get("b"));
            KvRequestRejectedException e = assertThrows(KvRequestRejectedException.class,
                    () -> clerk.setServers("zz", fresh));
            assertTrue(e.getMessage().contains("'zz'"), e.getMessage());
            assertThrows(KvRequestRejectedException.class, () -> clerk.setServers("a", List.of()));
            assertEquals(set, clerk.latest(), "refused changes made no configuration");
            assertEquals(joined, clerk.query(joined.num()), "the earlier configuration keeps the old servers");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void historyStaysQueryableWithEachReplicaDownInTurnAfterSnapshotsAndAFullRestart(StoreKind kind,
                                                                                    TestSeed seed) {
        try (InProcessNetwork net = InProcessNetwork.create(seed.derive(1));
             Replicas<ControllerServer> ctrl = controllers(net, kind, seed, 300, 8)) {
            ControllerClerk clerk = clerk(net, "admin", seed);
            List<ShardConfig> history = new ArrayList<>();
            history.add(clerk.query(0));
            for (int i = 0; i < 12; i++) {
                history.add(i % 3 == 2 ? clerk.leave(List.of("g" + (i - 1)))
                        : clerk.join(groups("g" + i)));
            }
            for (NodeId down : SERVERS) {
                ctrl.crash(down);
                ctrl.awaitLeader();
                assertHistory(clerk, history, "with " + down + " down");
                ctrl.restart(down);
            }
            ctrl.crashAll();
            ctrl.restartAll();
            assertHistory(clerk, history, "after a full restart");
            for (NodeId id : SERVERS) {
                assertTrue(ctrl.snapshotIndex(id) > 0, id + " restarted from a snapshot (its log was compacted)");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void concurrentClerksOnAnUnreliableNetworkEachChangeAppliesExactlyOnce(StoreKind kind, TestSeed seed)
            throws Exception {
        int clerks = 4;
        int joinsEach = 3;
        try (InProcessNetwork net = InProcessNetwork.create(seed.derive(1));
             Replicas<ControllerServer> ctrl = controllers(net, kind, seed, 0, 12)) {
            net.setReliable(false);
            ExecutorService pool = Executors.newFixedThreadPool(clerks);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clerks; c++) {
                    ControllerClerk clerk = clerk(net, "c" + c, seed);
                    int id = c;
                    done.add(pool.submit(() -> {
                        for (int j = 0; j < joinsEach; j++) {
                            clerk.join(groups("g" + id + "-" + j));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            net.setReliable(true);
            ShardConfig latest = clerk(net, "reader", seed).latest();
            assertEquals(clerks * joinsEach, latest.num(), "one configuration per join, none twice");
            assertEquals(clerks * joinsEach, latest.groups().size());
            assertBalanced(latest);
        }
    }

    private static void assertHistory(ControllerClerk clerk, List<ShardConfig> history, String when) {
        for (ShardConfig expected : history) {
            assertEquals(expected, clerk.query(expected.num()), "configuration " + expected.num() + " " + when);
        }
        assertEquals(history.get(history.size() - 1), clerk.query(-1), "the latest " + when);
    }

    private static void assertBalanced(ShardConfig c) {
        List<Integer> counts = c.groups().keySet().stream().map(g -> c.shardsOf(g).size()).toList();
        assertTrue(Collections.max(counts) - Collections.min(counts) <= 1, "balanced: " + c.owners());
        assertTrue(c.owners().stream().noneMatch(ShardConfig.UNASSIGNED::equals), "every shard owned");
    }

    private static int moves(ShardConfig before, ShardConfig after) {
        int moved = 0;
        for (int s = 0; s < before.shardCount(); s++) {
            if (!before.owner(s).equals(after.owner(s))) {
                moved++;
            }
        }
        return moved;
    }
}

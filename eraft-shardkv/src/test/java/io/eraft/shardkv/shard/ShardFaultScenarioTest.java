package io.eraft.shardkv.shard;

import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.proto.ShardPhase;
import io.eraft.shardkv.shard.testing.ShardCluster;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shard groups under faults, on each store provider: concurrent appends (checked for exactly-once) during joins,
 * leaves and restarts, on a reliable and an unreliable network; small snapshots and full restarts of every group; a
 * server that missed several configurations catching up; and shards that serve while another migration is stuck.
 */
@Timeout(180)
class ShardFaultScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final int SHARDS = 8;
    private static final Duration LONG = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void concurrentAppendsDuringJoinsLeavesAndRestartsApplyExactlyOnce(StoreKind kind, TestSeed seed)
            throws Exception {
        appendsDuringChanges(kind, seed, false);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void concurrentAppendsDuringChangesOnAnUnreliableNetworkApplyExactlyOnce(StoreKind kind, TestSeed seed)
            throws Exception {
        appendsDuringChanges(kind, seed, true);
    }

    private void appendsDuringChanges(StoreKind kind, TestSeed seed, boolean unreliable) throws Exception {
        try (ShardCluster c = new ShardCluster(kind, seed, dir, SHARDS, 4_000)) {
            for (String g : List.of("a", "b", "c")) {
                c.startGroup(g);
            }
            c.awaitSettled(c.join("a").num());
            int clients = 3;
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<String>> written = new ArrayList<>();
            List<ShardClerk> clerks = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    ShardClerk clerk = c.clerk(LONG);
                    clerks.add(clerk);
                    String key = "key-" + i;
                    written.add(pool.submit(() -> {
                        StringBuilder sb = new StringBuilder();
                        for (int n = 0; !stop.get(); n++) {
                            String piece = "x" + n + ";";
                            clerk.append(b(key), b(piece));
                            sb.append(piece);
                        }
                        return sb.toString();
                    }));
                }
                c.network().setReliable(!unreliable);
                c.join("b");
                Poll.pause(Duration.ofMillis(300));
                c.group("a").crash(c.group("a").ids().get(0));
                c.join("c");
                Poll.pause(Duration.ofMillis(300));
                c.group("a").restart(c.group("a").ids().get(0));
                c.leave("a");
                c.group("b").crashAll();
                Poll.pause(Duration.ofMillis(200));
                c.group("b").restartAll();
                long num = c.leave("b").num();
                c.network().setReliable(true);
                c.awaitSettled(num);
                Poll.pause(Duration.ofMillis(200));
            } finally {
                stop.set(true);
                pool.shutdown();
            }
            ShardClerk reader = c.clerk(LONG);
            for (int i = 0; i < clients; i++) {
                String expected = written.get(i).get();
                assertTrue(expected.length() > 0, "client " + i + " made progress");
                String actual = new String(reader.get(b("key-" + i)).orElseThrow(), StandardCharsets.UTF_8);
                assertEquals(expected, actual, "key-" + i + ": every append applied once, in order");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void smallSnapshotsAndFullRestartsOfEveryGroupKeepData(StoreKind kind, TestSeed seed) {
        try (ShardCluster c = new ShardCluster(kind, seed, dir, SHARDS, 1_000)) {
            c.startGroup("a");
            c.startGroup("b");
            c.awaitSettled(c.join("a").num());
            ShardClerk clerk = c.clerk(LONG);
            for (int i = 0; i < 30; i++) {
                clerk.put(b("k" + i), b("v" + i));
            }
            c.awaitSettled(c.join("b").num());
            for (String g : List.of("a", "b")) {
                c.group(g).crashAll();
            }
            for (String g : List.of("a", "b")) {
                c.group(g).restartAll();
            }
            for (int i = 0; i < 30; i++) {
                clerk.append(b("k" + i), b("!"));
            }
            for (String g : List.of("a", "b")) {
                c.group(g).crashAll();
                c.group(g).restartAll();
            }
            for (int i = 0; i < 30; i++) {
                assertArrayEquals(b("v" + i + "!"), clerk.get(b("k" + i)).orElseThrow(), "k" + i);
            }
            for (NodeId id : c.group("a").ids()) {
                assertTrue(c.group("a").snapshotIndex(id) > 0, id + " compacted its log into a snapshot");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aServerThatMissedSeveralConfigurationsCatchesUp(StoreKind kind, TestSeed seed) {
        try (ShardCluster c = new ShardCluster(kind, seed, dir, SHARDS, 0)) {
            for (String g : List.of("a", "b", "c")) {
                c.startGroup(g);
            }
            c.awaitSettled(c.join("a").num());
            NodeId missed = c.group("a").ids().get(2);
            c.group("a").crash(missed);
            c.awaitSettled(c.join("b").num());
            c.awaitSettled(c.join("c").num());
            long num = c.leave("b").num();
            c.awaitSettled(num);
            c.group("a").restart(missed);
            c.awaitSettled(num);
            ShardServer caughtUp = c.group("a").server(missed);
            assertEquals(num, caughtUp.stateMachine().current().num());
            ShardConfig latest = c.admin().latest();
            assertEquals(latest.shardsOf("a"), List.copyOf(caughtUp.stateMachine().phases().keySet()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void shardsNotInAStuckMigrationAndShardsAlreadyReceivedKeepServing(StoreKind kind, TestSeed seed) {
        try (ShardCluster c = new ShardCluster(kind, seed, dir, SHARDS, 0)) {
            for (String g : List.of("a", "b", "c")) {
                c.startGroup(g);
            }
            ShardConfig three = c.join("a", "b", "c");
            c.awaitSettled(three.num());
            ShardClerk clerk = c.clerk(LONG);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                keys.add("k" + i);
                clerk.put(b("k" + i), b("v" + i));
            }
            c.group("c").crashAll();
            ShardConfig onlyA = c.leave("b", "c");
            ShardServer a0 = c.group("a").server(c.group("a").ids().get(0));
            assertTrue(Poll.until(LONG, () -> three.shardsOf("b").stream().allMatch(a0.stateMachine()::serves)),
                    "b's shards arrive at a and serve while c's are stuck: " + c.describe());
            for (int s : three.shardsOf("c")) {
                assertEquals(ShardPhase.SHARD_PHASE_PULLING, a0.stateMachine().phases().get(s),
                        "shard " + s + " waits for c");
            }
            for (String k : keys) {
                String before = three.owner(ShardKeys.shardOf(b(k), SHARDS));
                if (!before.equals("c")) {
                    clerk.append(b(k), b("+"));
                    assertArrayEquals(b(v(k) + "+"), clerk.get(b(k)).orElseThrow(), k + " served during the stall");
                }
            }
            c.group("c").restartAll();
            c.awaitSettled(onlyA.num());
            for (String k : keys) {
                String before = three.owner(ShardKeys.shardOf(b(k), SHARDS));
                assertArrayEquals(b(v(k) + (before.equals("c") ? "" : "+")), clerk.get(b(k)).orElseThrow(), k);
            }
        }
    }

    private static String v(String key) {
        return "v" + key.substring(1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package io.eraft.shardkv.shard;

import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.shard.testing.ShardCluster;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shard groups with a controller on an in-process network, on each store provider: static shards with a group
 * down, join then leave keeping all data, and garbage collection after repeated moves.
 */
@Timeout(180)
class ShardScenarioTest {
    private static final Logger LOG = LoggerFactory.getLogger(ShardScenarioTest.class);

    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final int SHARDS = 8;
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final long FIXED_BYTES = 8_192;
    private static final long BYTES_PER_KEY = 128;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void joinThenLeaveKeepsEveryValue(StoreKind kind, TestSeed seed) {
        try (ShardCluster c = new ShardCluster(kind, seed, dir, SHARDS, 0)) {
            c.startGroup("a");
            c.startGroup("b");
            c.startGroup("c");
            c.awaitSettled(c.join("a").num());
            ShardClerk clerk = c.clerk(LONG);
            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 0; i < 20; i++) {
                clerk.put(b("k" + i), b("v" + i));
                expected.put("k" + i, "v" + i);
            }
            c.awaitSettled(c.join("b", "c").num());
            appendAll(clerk, expected, "+1");
            c.awaitSettled(c.leave("a").num());
            appendAll(clerk, expected, "+2");
            c.awaitSettled(c.leave("b").num());
            assertValues(clerk, expected);
            for (NodeId id : c.group("a").ids()) {
                assertEquals(0, c.dataEntries("a", id), "group a left and deleted its shards");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void withOneGroupDownExactlyTheOtherGroupsKeysAreServed(StoreKind kind, TestSeed seed) {
        try (ShardCluster c = new ShardCluster(kind, seed, dir, SHARDS, 0)) {
            c.startGroup("a");
            c.startGroup("b");
            ShardConfig config = c.join("a", "b");
            c.awaitSettled(config.num());
            ShardClerk clerk = c.clerk(LONG);
            for (int i = 0; i < 16; i++) {
                clerk.put(b("k" + i), b("v" + i));
            }
            c.group("b").crashAll();
            ShardClerk shortClerk = c.clerk(Duration.ofMillis(1500));
            int served = 0;
            for (int i = 0; i < 16; i++) {
                String owner = config.owner(ShardKeys.shardOf(b("k" + i), SHARDS));
                byte[] key = b("k" + i);
                if (owner.equals("a")) {
                    assertArrayEquals(b("v" + i), clerk.get(key).orElseThrow());
                    served++;
                } else {
                    assertThrows(KvTimeoutException.class, () -> shortClerk.get(key), "k" + i + " is b's");
                }
            }
            assertTrue(served > 0 && served < 16, "both groups own some of the keys: " + served);
        }
    }

    /**
     * Garbage collection. Bound: after the moves settle, every server stores exactly the keys of the shards its
     * group owns, and its Raft log plus snapshot bytes stay under {@value #FIXED_BYTES} bytes plus
     * {@value #BYTES_PER_KEY} bytes per live key (the log is compacted past 4,000 bytes; the fixed part covers that,
     * the two configurations, the shard phases and the sessions).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void repeatedMovesLeaveExactlyOneCopyOfEachKeyAndBoundedRaftState(StoreKind kind, TestSeed seed) {
        try (ShardCluster c = new ShardCluster(kind, seed, dir, SHARDS, 4_000)) {
            c.startGroup("a");
            c.startGroup("b");
            c.awaitSettled(c.join("a", "b").num());
            ShardClerk clerk = c.clerk(LONG);
            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 0; i < 24; i++) {
                clerk.put(b("k" + i), b("v" + i));
                expected.put("k" + i, "v" + i);
            }
            long num = 0;
            for (int round = 0; round < 12; round++) {
                int shard = round % SHARDS;
                ShardConfig latest = c.admin().latest();
                num = c.admin().move(shard, latest.owner(shard).equals("a") ? "b" : "a").num();
                c.awaitSettled(num);
            }
            assertValues(clerk, expected);
            for (String g : new String[] {"a", "b"}) {
                for (NodeId id : c.group(g).ids()) {
                    long entries = c.dataEntries(g, id);
                    long owned = expected.keySet().stream().filter(k -> c.admin().latest()
                            .owner(ShardKeys.shardOf(b(k), SHARDS)).equals(g)).count();
                    assertEquals(owned, entries, id + " stores exactly the keys of the shards its group owns");
                    long bytes = c.raftAndSnapshotBytes(g, id);
                    long bound = FIXED_BYTES + BYTES_PER_KEY * expected.size();
                    LOG.info("{}/{}: {} data entries, {} bytes of Raft state and snapshot (bound {})", g, id, entries,
                            bytes, bound);
                    assertTrue(bytes <= bound, id + " holds " + bytes + " bytes of Raft state and snapshot, over the "
                            + "bound of " + bound);
                }
            }
        }
    }

    private static void appendAll(ShardClerk clerk, Map<String, String> expected, String suffix) {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            clerk.append(b(e.getKey()), b(suffix));
            e.setValue(e.getValue() + suffix);
        }
    }

    private static void assertValues(ShardClerk clerk, Map<String, String> expected) {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), new String(clerk.get(b(e.getKey())).orElseThrow(), StandardCharsets.UTF_8),
                    e.getKey());
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

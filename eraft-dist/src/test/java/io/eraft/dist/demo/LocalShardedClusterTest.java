package io.eraft.dist.demo;

import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.shard.ShardClerk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-JVM sharded cluster: groups added later take shards from the others, and give them back on leaving. */
class LocalShardedClusterTest {
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @Test
    @Timeout(90)
    void aGroupAddedLaterTakesItsShareOfTheShardsWithTheirKeysAndALeavingGroupHandsAllOfThemOn(@TempDir Path dir)
            throws InterruptedException {
        LocalShardedCluster.Options options = LocalShardedCluster.Options.defaults(dir).withFsync(false)
                .withSizes(1, 1).withShards(8);
        try (LocalShardedCluster cluster = LocalShardedCluster.start(options)) {
            assertNotNull(cluster.controllerStatus().leader());
            String g1 = cluster.addGroup();
            ShardConfig one = cluster.join(g1);
            assertEquals(IntStream.range(0, 8).boxed().toList(), one.shardsOf(g1));
            assertTrue(cluster.awaitSettled(one.num(), SETTLE), LocalShardedCluster.describe(cluster.status()));
            ShardClerk clerk = cluster.client().newClerk();
            for (int i = 0; i < 40; i++) {
                clerk.put(key(i), key(i));
            }

            String g2 = cluster.addGroup();
            assertEquals(List.of("g1", "g2"), cluster.groups());
            ShardConfig two = cluster.join(g2);
            assertEquals(4, two.shardsOf(g2).size(), two.owners().toString());
            assertTrue(cluster.awaitSettled(two.num(), SETTLE), LocalShardedCluster.describe(cluster.status()));
            for (GroupStatus s : cluster.status()) {
                assertEquals(two.num(), s.configNum(), s.toString());
                assertEquals(two.shardsOf(s.group()), List.copyOf(s.shards().keySet()), s.toString());
                assertEquals(s.group() + ": 4 shards", s.describe());
            }
            for (int i = 0; i < 40; i++) {
                assertEquals("key-" + i, new String(clerk.get(key(i)).orElseThrow(), StandardCharsets.UTF_8));
            }

            ShardConfig three = cluster.leave(g1);
            assertEquals(IntStream.range(0, 8).boxed().toList(), three.shardsOf(g2));
            assertTrue(cluster.awaitSettled(three.num(), SETTLE), LocalShardedCluster.describe(cluster.status()));
            assertEquals("g1: 0 shards | g2: 8 shards", LocalShardedCluster.describe(cluster.status()));
            assertEquals("key-7", new String(clerk.get(key(7)).orElseThrow(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void joiningAGroupThatWasNeverStartedIsRefusedByName(@TempDir Path dir) {
        LocalShardedCluster.Options options = LocalShardedCluster.Options.defaults(dir).withFsync(false)
                .withSizes(1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (LocalShardedCluster cluster = LocalShardedCluster.start(options)) {
                cluster.join("g7");
            }
        });
        assertEquals("no group 'g7' was started; started: []", e.getMessage());
    }

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }
}

package io.eraft.shardkv.client;

import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.KvAccessDeniedException;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.api.testkit.TestSeed;
import io.eraft.shardkv.shard.ShardClerk;
import io.eraft.shardkv.shard.testing.ShardCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ShardedClusterClient} on an in-process sharded cluster: routing by the controller's configuration, and
 * re-routing when shards move to a group that joins while the client is in use.
 */
@Timeout(120)
class ShardedClusterClientTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();
    private static final int SHARDS = 8;
    private static final List<NodeId> CONTROLLERS = List.of(NodeId.of("m0"), NodeId.of("m1"), NodeId.of("m2"));

    @TempDir
    Path dir;

    private static ClientBuilder<ShardedClusterClient> builder(ShardCluster cluster) {
        return EraftClient.shardedCluster(ShardCluster.CONTROLLER, NetworkProvider.addresses(CONTROLLERS))
                .transport(new NetworkProvider(cluster.network()))
                .requestTimeout(Duration.ofMillis(300))
                .operationTimeout(Duration.ofSeconds(30));
    }

    @Test
    void writesRoutedByShardStayReadableAfterShardsMoveToAJoiningGroup(TestSeed seed) throws Exception {
        try (ShardCluster cluster = new ShardCluster(StoreKind.LEVELDB, seed, dir, SHARDS, 0);
             ShardedClusterClient client = builder(cluster).role(Access.ADMIN).connect()) {
            cluster.startGroup("a");
            cluster.startGroup("b");
            cluster.awaitSettled(client.controller().join(Map.of("a", cluster.group("a").ids())).num());
            for (int i = 0; i < 32; i++) {
                client.put("key-" + i, "v" + i);
            }
            client.append("key-0", "+");
            ShardConfig two = client.controller().join(Map.of("b", cluster.group("b").ids()));
            assertTrue(two.shardsOf("b").size() > 0, "group b took shards: " + two);
            List<CompletableFuture<Optional<byte[]>>> reads = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                reads.add(client.getAsync(GroupClientTest.bytes("key-" + i)));
            }
            for (int i = 0; i < 32; i++) {
                String expected = i == 0 ? "v0+" : "v" + i;
                assertEquals(Optional.of(expected), reads.get(i).get(60, TimeUnit.SECONDS)
                        .map(GroupClientTest::text), "key-" + i + " after the move");
            }
            assertTrue(client.compareAndSet("key-1", "v1", "w1"));
            client.delete("key-2");
            assertEquals(Optional.empty(), client.get("key-2"));
            ShardClerk session = client.newSession();
            assertEquals(Optional.of("w1"), session.get(GroupClientTest.bytes("key-1")).map(GroupClientTest::text));
        }
    }

    @Test
    void aClientWithoutTheAdminRoleIsRefusedAShardChangeByTheController(TestSeed seed) {
        try (ShardCluster cluster = new ShardCluster(StoreKind.LEVELDB, seed, dir, SHARDS, 0);
             ShardedClusterClient client = builder(cluster).connect()) {
            cluster.startGroup("a");
            assertEquals(0, client.controller().latest().num(), "a client may query the controller");
            var e = assertThrows(KvAccessDeniedException.class,
                    () -> client.controller().join(Map.of("a", cluster.group("a").ids())));
            assertTrue(e.getMessage().contains("admin"), e.getMessage());
        }
    }
}

package io.eraft.dist.server;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.ClientAccess;
import io.eraft.dist.client.ShardedClient;
import io.eraft.dist.cluster.FreePorts;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.shard.ShardClerk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Controller and shard group servers started as {@link EraftServer}s over netty in this JVM (one node each, fsync
 * off): shards move between groups whose servers only the configuration names.
 */
class ShardedServersTest {
    @TempDir
    Path dir;

    private final List<EraftServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(EraftServer::close);
    }

    @Test
    void keysWrittenBeforeASecondGroupJoinsAreReadAfterTheirShardsMovedAndStatusShowsTheShards() throws Exception {
        List<Integer> ports = FreePorts.pick(3);
        String ctrler = "127.0.0.1:" + ports.get(0);
        String g1 = "127.0.0.1:" + ports.get(1);
        String g2 = "127.0.0.1:" + ports.get(2);
        PeerList ctrlers = PeerList.parse(ctrler, "test");
        servers.add(EraftServer.start(ServerConfigLoader.load(null, Map.of("node.id", ctrler, "peers", ctrler,
                "data.dir", dir.resolve("c").toString(), "fsync", "false", "shards", "8"), true)));
        servers.add(EraftServer.start(shardServer(g1, "g1", ctrler)));
        servers.add(EraftServer.start(shardServer(g2, "g2", ctrler)));

        try (ShardedClient client = ShardedClient.connect(ctrlers, ServerConfig.DEFAULT_CONTROLLER,
                ClientAccess.ADMIN, Duration.ofSeconds(30))) {
            client.controller().join(Map.of("g1", List.of(NodeId.of(g1))));
            ShardClerk clerk = client.newClerk();
            for (int i = 0; i < 40; i++) {
                clerk.put(key(i), key(i));
            }
            ShardConfig two = client.controller().join(Map.of("g2", List.of(NodeId.of(g2))));
            assertEquals(4, two.shardsOf("g2").size(), "8 shards over 2 groups: " + two.owners());

            for (int i = 0; i < 40; i++) {
                assertEquals(new String(key(i), StandardCharsets.UTF_8),
                        new String(clerk.get(key(i)).orElseThrow(), StandardCharsets.UTF_8));
            }
            NodeStatus g2Status = awaitSettled(servers.get(2), two.num());
            assertEquals(ServerRole.SHARD, g2Status.kind());
            assertEquals(two.shardsOf("g2"), List.copyOf(g2Status.shards().keySet()));
            assertTrue(g2Status.shards().values().stream().allMatch("SERVING"::equals), g2Status.shards().toString());
            NodeStatus ctrlerStatus = servers.get(0).status();
            assertEquals(ServerRole.CTRLER, ctrlerStatus.kind());
            assertEquals(two.num(), ctrlerStatus.configNum());
            NodeStatus decoded = StatusCodec.decode(g2, StatusCodec.encode(g2Status));
            assertEquals(g2Status.shards(), decoded.shards());
        }
    }

    private ServerConfig shardServer(String address, String group, String ctrler) {
        return ServerConfigLoader.load(null, Map.of("node.id", address, "peers", address, "group", group,
                "ctrlers", ctrler, "shards", "8", "data.dir", dir.resolve(group).toString(), "fsync", "false"));
    }

    /** Waits until the server's group applied configuration {@code num} and every shard it holds serves. */
    private static NodeStatus awaitSettled(EraftServer server, long num) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        NodeStatus s = server.status();
        while (System.nanoTime() < deadline) {
            s = server.status();
            if (s.configNum() >= num && s.shards().values().stream().allMatch("SERVING"::equals)) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("group " + s.group() + " did not settle on configuration " + num + ": "
                + s.configNum() + " " + s.shards().entrySet().stream().map(Object::toString)
                .collect(Collectors.joining(",")));
    }

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }
}

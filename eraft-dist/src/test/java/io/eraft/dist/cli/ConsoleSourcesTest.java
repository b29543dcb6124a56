package io.eraft.dist.cli;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.ShardedClient;
import io.eraft.dist.console.ClusterPoll;
import io.eraft.dist.console.ServerClusterSource;
import io.eraft.dist.console.ShardedClusterSource;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's sources against a real sharded cluster in this JVM (a controller and groups g1, g2 of one server):
 * from outside ({@link ShardedClusterSource}) and as a shard server asks over a transport
 * ({@link ServerClusterSource}); both find every node with its group and the latest configuration, and a stopped
 * server is offline.
 */
@Timeout(120)
class ConsoleSourcesTest {
    private OneNodeShardedCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, String> groupsById(ClusterPoll poll) {
        return poll.nodes().stream().collect(Collectors.toMap(ClusterPoll.Node::id, ClusterPoll.Node::group));
    }

    private void joined(Path dir) throws InterruptedException {
        cluster = new OneNodeShardedCluster(dir, 8, "g1", "g2");
        CliRun join = CliRun.eraft("ctl", "--ctrlers", cluster.ctrler, "join", cluster.joinSpec("g1"),
                cluster.joinSpec("g2"));
        assertEquals(0, join.exit(), join.toString());
        cluster.awaitSettled(1);
    }

    @Test
    void fromOutsideEveryControllerAndGroupServerIsFoundWithTheConfiguration(@TempDir Path dir) throws Exception {
        joined(dir);
        try (ShardedClusterSource source = ShardedClusterSource.connect(PeerList.parse(cluster.ctrler, "test"),
                ServerConfig.DEFAULT_CONTROLLER, Duration.ofSeconds(2))) {
            ClusterPoll poll = source.poll();
            assertEquals(Map.of(cluster.ctrler, "ctrler", cluster.groups.get("g1"), "g1", cluster.groups.get("g2"),
                    "g2"), groupsById(poll));
            assertTrue(poll.nodes().stream().noneMatch(ClusterPoll.Node::offline), poll.toString());
            assertEquals(1, poll.config().num());
            assertNull(poll.configProblem());

            cluster.stop("g2");
            ClusterPoll after = source.poll();
            ClusterPoll.Node g2 = after.nodes().stream().filter(n -> n.group().equals("g2")).findFirst().orElseThrow();
            assertTrue(g2.offline(), after.toString());
            assertFalse(g2.problem().isEmpty());
        }
    }

    @Test
    void aShardServerFindsItsControllerAndEveryGroupOverATransport(@TempDir Path dir) throws Exception {
        joined(dir);
        String g1 = cluster.groups.get("g1");
        ServerConfig config = cluster.server("g1").config();
        try (ShardedClient client = ShardedClient.connect(PeerList.parse(cluster.ctrler, "test"),
                ServerConfig.DEFAULT_CONTROLLER, Duration.ofSeconds(5))) {
            ServerClusterSource source = new ServerClusterSource(client.transport(), config,
                    cluster.server("g1")::status);
            ClusterPoll poll = source.poll();
            assertEquals(List.of(g1, cluster.ctrler, cluster.groups.get("g2")),
                    poll.nodes().stream().map(ClusterPoll.Node::id).toList(), "itself first, each node once");
            assertEquals(Map.of(cluster.ctrler, "ctrler", g1, "g1", cluster.groups.get("g2"), "g2"), groupsById(poll));
            assertTrue(poll.nodes().stream().noneMatch(ClusterPoll.Node::offline), poll.toString());
            assertEquals(1, poll.config().num());
            assertEquals(List.of(NodeId.of(g1)), poll.config().groups().get("g1"));

            cluster.stop("ctrler");
            ClusterPoll blind = source.poll();
            assertNull(blind.config());
            assertFalse(blind.configProblem().isEmpty());
            assertTrue(blind.nodes().stream().anyMatch(n -> n.id().equals(cluster.ctrler) && n.offline()),
                    blind.toString());
        }
    }
}

package io.eraft.dist.console;

import com.sun.net.httpserver.HttpServer;
import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.ctrler.ShardConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static io.eraft.dist.console.ClusterViewTest.shardStatus;
import static io.eraft.dist.console.ClusterViewTest.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console page in headless Chromium, fed by a {@link ClusterView} whose rounds the test makes: the node table,
 * the leader, an offline node, the charts drawn by uPlot (served by the routes, not the internet), and the shard map
 * following a move.
 */
@Timeout(120)
class ConsolePageBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final ClusterView view = new ClusterView(() -> null, clock::get, null);
    private HttpServer server;
    private HeadlessChromium browser;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ConsoleRoutes.of(view).forEach(server::createContext);
        server.start();
        browser = new HeadlessChromium();
    }

    @AfterEach
    void stop() {
        try {
            browser.close();
        } finally {
            server.stop(0);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void kvRound(long n1Ops, boolean n2Up) {
        clock.addAndGet(1_000);
        view.record(new ClusterPoll(List.of(
                ClusterPoll.Node.online("kv", status("n1", "kv", Role.LEADER, 3, "n1", 100, 100, n1Ops)
                        .withFigures(n1Ops, 1_800, 600)),
                n2Up ? ClusterPoll.Node.online("kv", status("n2", "kv", Role.FOLLOWER, 3, "n1", 100, 98, 0))
                        : ClusterPoll.Node.offline("n2", "kv", "127.0.0.1:7102", "connection refused"),
                ClusterPoll.Node.online("kv", status("n3", "kv", Role.FOLLOWER, 3, "n1", 100, 95, 0)))),
                clock.get());
    }

    @Test
    void theNodeTableShowsOneLeaderAndAnOfflineNodeAndTheChartsDrawTheRounds() {
        kvRound(0, true);
        kvRound(400, true);
        browser.open(url("/console/"));
        browser.await("three node rows", WAIT, b -> b.all("table#nodes tbody tr[data-node]").size() == 3);
        assertEquals(1, browser.all("table#nodes tr[data-role=LEADER]").size());
        assertEquals(1, browser.all("table#nodes tr[data-node=n1][data-role=LEADER]").size());
        assertEquals(0, browser.all("table#nodes tr[data-offline=true]").size());
        assertEquals("n1", browser.attribute("#groups tr[data-group=kv]", "data-leader"));
        assertEquals("5", browser.all("table#nodes tr[data-node=n3] td.lag").get(0).getText());

        browser.await("the ops/s chart drawn by uPlot with a point above 0", WAIT,
                b -> "true".equals(b.attribute("#chart-ops", "data-rendered")) && b.number("#chart-ops",
                        "data-nonzero") >= 1);
        assertEquals(2, browser.number("#chart-ops", "data-points"));
        assertEquals(1, browser.number("#chart-ops", "data-values"), "no rate in the first round");
        assertTrue(browser.all("#chart-ops .uplot canvas").size() == 1, "uPlot drew a canvas");
        assertEquals(2, browser.number("#chart-p99", "data-nonzero"));
        assertEquals("", browser.attribute("#error", "textContent"), "no error shown");
        assertTrue(browser.all("#shard-map").get(0).getAttribute("hidden") != null, "a KV group has no shard map");

        kvRound(900, false);
        browser.await("n2 offline", WAIT, b -> b.all("table#nodes tr[data-node=n2][data-offline=true]").size() == 1);
        assertEquals("OFFLINE", browser.attribute("table#nodes tr[data-node=n2]", "data-role"));
        assertEquals(3, browser.number("#chart-ops", "data-points"));
    }

    @Test
    void theShardMapFollowsAMoveToTheNewOwner() {
        Map<String, List<NodeId>> groups = Map.of("g1", List.of(NodeId.of("127.0.0.1:7201")),
                "g2", List.of(NodeId.of("127.0.0.1:7301")));
        clock.addAndGet(1_000);
        view.record(new ClusterPoll(List.of(
                ClusterPoll.Node.online("g1", shardStatus("127.0.0.1:7201", "g1", Role.LEADER, 2,
                        Map.of(0, "SERVING", 1, "SERVING"))),
                ClusterPoll.Node.online("g2", shardStatus("127.0.0.1:7301", "g2", Role.LEADER, 2,
                        Map.of(2, "SERVING", 3, "SERVING")))),
                new ShardConfig(1, List.of("g1", "g1", "g2", "g2"), new TreeMap<>(groups)), null), clock.get());
        browser.open(url("/"));
        browser.await("shard 1 at g1", WAIT, b -> b.all("#shards tr[data-shard='1'][data-group=g1]").size() == 1);
        assertEquals("1", browser.attribute("#config", "data-config"));
        assertEquals(4, browser.all("#shards tbody tr").size());

        clock.addAndGet(1_000);
        view.record(new ClusterPoll(List.of(
                ClusterPoll.Node.online("g1", shardStatus("127.0.0.1:7201", "g1", Role.LEADER, 2,
                        Map.of(0, "SERVING", 1, "BEING_PULLED"))),
                ClusterPoll.Node.online("g2", shardStatus("127.0.0.1:7301", "g2", Role.LEADER, 2,
                        Map.of(1, "PULLING", 2, "SERVING", 3, "SERVING")))),
                new ShardConfig(2, List.of("g1", "g2", "g2", "g2"), new TreeMap<>(groups)), null), clock.get());
        browser.await("shard 1 moving to g2", WAIT,
                b -> b.all("#shards tr[data-shard='1'][data-group=g2][data-state=PULLING]").size() == 1);
        assertEquals("2", browser.attribute("#config", "data-config"));
    }
}

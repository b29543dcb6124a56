package io.eraft.dist.cluster;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.ClientAccess;
import io.eraft.dist.console.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.eraft.dist.cluster.ImageCli.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console of server processes from the image, in headless Chromium: a 3-node KV group, each server with
 * its HTTP listener ({@code http.listen}); the console on n1 shows exactly one leader, the ops/s chart gets points
 * under {@code eraft bench}, a follower killed with SIGKILL shows offline while {@code /health} of the two others
 * stays 200. Then a sharded cluster (a controller and two groups of one server, {@code --http}): after
 * {@code eraft ctl move} the shard map shows the new owner.
 */
@Timeout(420)
class ConsoleBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<ServerProcess> processes = new ArrayList<>();
    private ProcessCluster cluster;
    private HeadlessChromium browser;

    @AfterEach
    void stopAll() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            processes.forEach(ServerProcess::kill);
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void theConsoleShowsOneLeaderLiveOpsAnOfflineFollowerAndAShardMove(@TempDir Path dir) throws Exception {
        List<Integer> httpPorts = FreePorts.pick(3);
        Map<NodeId, String> http = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            http.put(NodeId.of("n" + (i + 1)), "127.0.0.1:" + httpPorts.get(i));
        }
        Files.createDirectories(dir.resolve("kv"));
        cluster = new ProcessCluster(dir.resolve("kv"), 3, id -> List.of("http.listen=" + http.get(id)),
                ClientAccess.CLIENT);
        cluster.startAll();
        NodeId leader = cluster.awaitLeader();
        NodeId n1 = NodeId.of("n1");
        awaitHttp(http.get(n1));

        browser = new HeadlessChromium();
        browser.open("http://" + http.get(n1) + "/console/");
        browser.await("three nodes online, one of them LEADER", WAIT,
                b -> b.all("table#nodes tbody tr[data-node][data-offline=false]").size() == 3
                        && b.all("table#nodes tr[data-role=LEADER]").size() == 1);
        assertEquals(1, browser.all("table#nodes tr[data-role=LEADER]").size(), "exactly one leader");
        assertEquals(leader.value(), browser.attribute("table#nodes tr[data-role=LEADER]", "data-node"));

        ImageCli.Result bench = eraft("bench", "--servers", cluster.peers.format(), "--clients", "4", "--ops", "3000");
        assertEquals(0, bench.exit(), bench.out());
        browser.await("ops/s above 0 in the ops chart", WAIT, b -> b.number("#chart-ops", "data-nonzero") >= 1);
        assertTrue(browser.number("#chart-ops", "data-points") >= 2, "the chart has rounds");
        assertEquals("true", browser.attribute("#chart-ops", "data-rendered"), "drawn by uPlot from the image");

        NodeId follower = cluster.peers.ids().stream().filter(id -> !id.equals(n1) && !id.equals(leader))
                .findFirst().orElseThrow();
        cluster.node(follower).kill();
        browser.await(follower + " offline", WAIT,
                b -> b.all("table#nodes tr[data-node=" + follower + "][data-offline=true]").size() == 1);
        assertEquals(1, browser.all("table#nodes tr[data-role=LEADER]").size(), "the leader stays");
        for (int round = 0; round < 5; round++) {
            for (NodeId other : cluster.peers.ids()) {
                if (!other.equals(follower)) {
                    HttpAnswer health = get("http://" + http.get(other) + "/health");
                    assertEquals(200, health.code(), other + " /health: " + health.body() + cluster.describe());
                }
            }
            Thread.sleep(500);
        }

        browser.close();
        browser = null;
        cluster.close();
        cluster = null;
        shardMapFollowsAMove(dir.resolve("sharded"));
    }

    /** A controller and groups g1, g2 of one server each; the console of g1's server shows a move. */
    private void shardMapFollowsAMove(Path dir) throws Exception {
        Files.createDirectories(dir);
        List<Integer> ports = FreePorts.pick(6);
        String ctrler = "127.0.0.1:" + ports.get(0);
        String g1 = "127.0.0.1:" + ports.get(1);
        String g2 = "127.0.0.1:" + ports.get(2);
        String g1Http = "127.0.0.1:" + ports.get(4);
        start(dir, "ctrler", ctrler, "ctrler", "--http", "127.0.0.1:" + ports.get(3));
        start(dir, "server", g1, "g1", "--ctrlers", ctrler, "--group", "g1", "--http", g1Http);
        start(dir, "server", g2, "g2", "--ctrlers", ctrler, "--group", "g2", "--http", "127.0.0.1:" + ports.get(5));
        ImageCli.Result join = eraft("ctl", "--ctrlers", ctrler, "join", "g1=" + g1, "g2=" + g2);
        assertEquals(0, join.exit(), join.out() + logs());
        awaitHttp(g1Http);

        browser = new HeadlessChromium();
        browser.open("http://" + g1Http + "/console/");
        browser.await("configuration 1 in the shard map", WAIT,
                b -> "1".equals(b.attribute("#config", "data-config")) && b.all("#shards tbody tr").size() == 8);
        String shard = browser.attribute("#shards tr[data-group=g1]", "data-shard");
        ImageCli.Result move = eraft("ctl", "--ctrlers", ctrler, "move", shard, "g2");
        assertEquals(0, move.exit(), move.out() + logs());
        browser.await("shard " + shard + " owned by g2", WAIT,
                b -> b.all("#shards tr[data-shard='" + shard + "'][data-group=g2]").size() == 1);
        assertEquals("2", browser.attribute("#config", "data-config"));
        browser.await("shard " + shard + " serving at g2", WAIT,
                b -> b.all("#shards tr[data-shard='" + shard + "'][data-group=g2][data-state=SERVING]").size() == 1);
        assertEquals(3, browser.all("#groups tr[data-group]").size(), "the controller and both groups: "
                + browser.all("#groups tr[data-group]").size());
    }

    private void start(Path dir, String command, String address, String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("--id", address, "--peers", address, "--data-dir",
                dir.resolve(name).toString(), "--shards", "8"));
        args.addAll(List.of(extra));
        ServerProcess p = new ServerProcess(NodeId.of(address), command, args, dir.resolve(name + ".log"));
        processes.add(p);
        p.start();
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        processes.forEach(p -> b.append("\n--- log of ").append(p.id).append(" ---\n").append(p.logTail()));
        return b.toString();
    }

    private record HttpAnswer(int code, String body) {
    }

    private static HttpAnswer get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(5_000);
        try {
            int code = c.getResponseCode();
            var in = code < 400 ? c.getInputStream() : c.getErrorStream();
            return new HttpAnswer(code, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }

    /** Waits until the HTTP listener at {@code address} answers the console page. */
    private static void awaitHttp(String address) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (get("http://" + address + "/console/").code() == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no console at http://" + address + "/console/ within " + WAIT, last);
    }
}

package io.eraft.dist.console;

import com.sun.net.httpserver.HttpServer;
import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.cli.JsonFields;
import io.eraft.shardkv.ctrler.ShardConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static io.eraft.dist.console.ClusterViewTest.shardStatus;
import static io.eraft.dist.console.ClusterViewTest.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleRoutesTest {
    private static final long T0 = 1_700_000_000_000L;
    private final AtomicReference<ClusterState> state = new AtomicReference<>(ClusterState.EMPTY);
    private HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ConsoleRoutes.of(state::get).forEach(server::createContext);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** An HTTP answer: status, headers by lower-case name (first value), body. */
    record Response(int statusCode, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
        }
    }

    private Response request(String method, String path) throws Exception {
        return fetch(method, "http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** One request with the JDK's plain client (java.base; this module does not read java.net.http). */
    static Response fetch(String method, String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            c.setRequestMethod(method);
            int code = c.getResponseCode();
            Map<String, String> headers = new TreeMap<>();
            c.getHeaderFields().forEach((k, v) -> {
                if (k != null && !v.isEmpty()) {
                    headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0));
                }
            });
            var in = code < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(code, headers, body);
        } finally {
            c.disconnect();
        }
    }

    private static ClusterState kvGroup() {
        ClusterView view = new ClusterView(() -> null, () -> T0, null);
        view.record(new ClusterPoll(List.of(
                ClusterPoll.Node.online("kv", status("n1", "kv", Role.LEADER, 3, "n1", 100, 100, 1_000)
                        .withFigures(1_000, 2_500, 800)),
                ClusterPoll.Node.offline("n2", "kv", "127.0.0.1:7102", "connection refused"),
                ClusterPoll.Node.online("kv", status("n3", "kv", Role.FOLLOWER, 3, "n1", 100, 96, 10)))), T0);
        view.record(new ClusterPoll(List.of(
                ClusterPoll.Node.online("kv", status("n1", "kv", Role.LEADER, 3, "n1", 110, 110, 1_500)
                        .withFigures(1_500, 2_500, 800)),
                ClusterPoll.Node.offline("n2", "kv", "127.0.0.1:7102", "connection refused"),
                ClusterPoll.Node.online("kv", status("n3", "kv", Role.FOLLOWER, 3, "n1", 110, 104, 10)))),
                T0 + 1_000);
        return view.state();
    }

    @Test
    void apiClusterHasTheNodesGroupsAndSeriesOfAKvGroup() throws Exception {
        state.set(kvGroup());
        Response r = request("GET", "/api/cluster");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.header("Content-Type"));
        JsonFields.assertHolds(r.body(),
                "polled", Long.toString(T0 + 1_000), "config", "null", "configProblem", "null",
                "nodes[0].id", "n1", "nodes[0].group", "kv", "nodes[0].role", "LEADER", "nodes[0].term", "3",
                "nodes[0].leader", "n1", "nodes[0].commitIndex", "110", "nodes[0].appliedIndex", "110",
                "nodes[0].lag", "0", "nodes[0].offline", "false", "nodes[0].failed", "false",
                "nodes[1].id", "n2", "nodes[1].role", "OFFLINE", "nodes[1].offline", "true",
                "nodes[1].address", "127.0.0.1:7102", "nodes[1].problem", "connection refused",
                "nodes[2].lag", "6",
                "groups[0].group", "kv", "groups[0].leader", "n1",
                "series.time[0]", "1.7E9", "series.time[1]", "1.700000001E9", "series.groups[0]", "kv",
                "series.ops[0][0]", "null", "series.ops[0][1]", "500.0",
                "series.p99Ms[0][1]", "2.5", "series.fsyncP99Ms[0][1]", "0.8", "series.commitLag[0][1]", "6.0");
        assertEquals(0, JsonFields.of(r.body()).keySet().stream().filter(k -> k.startsWith("shards")).count());
    }

    @Test
    void apiClusterHasTheShardMapAndConfigurationOfAShardedCluster() throws Exception {
        ShardConfig config = new ShardConfig(7, List.of("g1", "g2"), new TreeMap<>(Map.of(
                "g1", List.of(NodeId.of("127.0.0.1:7201")), "g2", List.of(NodeId.of("127.0.0.1:7301")))));
        ClusterView view = new ClusterView(() -> null, () -> T0, null);
        view.record(new ClusterPoll(List.of(
                ClusterPoll.Node.online("g1", shardStatus("127.0.0.1:7201", "g1", Role.LEADER, 2, Map.of(0, "SERVING"))),
                ClusterPoll.Node.offline("127.0.0.1:7301", "g2", "127.0.0.1:7301", "connection refused")),
                config, null), T0);
        state.set(view.state());
        JsonFields.assertHolds(request("GET", "/api/cluster").body(), "config", "7",
                "shards[0].shard", "0", "shards[0].group", "g1", "shards[0].state", "SERVING",
                "shards[1].shard", "1", "shards[1].group", "g2", "shards[1].state", "",
                "groups[1].group", "g2", "groups[1].leader", "");
    }

    @Test
    void theConsolePageIsServedAtTheRootAndUnderConsole() throws Exception {
        for (String path : List.of("/", "/console/", "/console/index.html")) {
            Response page = request("GET", path);
            assertEquals(200, page.statusCode(), path);
            assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
            assertTrue(page.body().contains("<table id=\"nodes\">")
                    && page.body().contains("/console/uplot/uPlot.iife.min.js")
                    && page.body().contains("/console/app.js"), page.body());
        }
        Response app = request("GET", "/console/app.js");
        assertEquals(200, app.statusCode());
        assertTrue(app.body().contains("fetch(\"/api/cluster\""), "the script polls the API");
        assertEquals(200, request("GET", "/console/app.css").statusCode());
    }

    @Test
    void uPlotComesFromTheModuleNotTheInternet() throws Exception {
        Response js = request("GET", "/console/uplot/uPlot.iife.min.js");
        assertEquals(200, js.statusCode());
        assertEquals("text/javascript; charset=utf-8", js.header("Content-Type"));
        assertTrue(js.body().length() > 40_000 && js.body().contains("uPlot"), "the webjar's browser build");
        Response css = request("GET", "/console/uplot/uPlot.min.css");
        assertEquals(200, css.statusCode());
        assertTrue(css.body().contains(".uplot"), css.body());
    }

    @Test
    void unknownPathsAre404AndNothingButGetAndHeadIsServed() throws Exception {
        for (String path : List.of("/nope", "/console/secret.txt", "/console/../module-info.class",
                "/api/cluster/x")) {
            assertEquals(404, request("GET", path).statusCode(), path);
        }
        for (String method : List.of("POST", "PUT", "DELETE")) {
            Response r = request(method, "/api/cluster");
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD", r.header("Allow"));
        }
        Response head = request("HEAD", "/console/");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void beforeTheFirstRoundTheApiAnswersAnEmptyCluster() throws Exception {
        JsonFields.assertHolds(request("GET", "/api/cluster").body(), "polled", "0", "config", "null");
    }
}

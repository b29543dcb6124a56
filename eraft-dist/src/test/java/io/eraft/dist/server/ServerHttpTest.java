package io.eraft.dist.server;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.cli.JsonFields;
import io.eraft.dist.client.ClusterClient;
import io.eraft.dist.cluster.FreePorts;
import io.eraft.dist.http.HttpCall;
import io.eraft.dist.http.PrometheusText;
import io.eraft.shardkv.kv.KvClerk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Servers started in this JVM with and without their HTTP listener ({@code --http}), over netty, fsync off. */
class ServerHttpTest {
    @TempDir
    Path dir;

    private final List<EraftServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(EraftServer::close);
    }

    @Test
    void aServerWithHttpServesItsMetricsHealthReadinessAndStatus() throws Exception {
        EraftServer server = startGroup(1, "127.0.0.1:0").get(0);
        awaitTrue(() -> server.status().role() == Role.LEADER, "the node leads");
        URI base = base(server);

        HttpCall metrics = HttpCall.get(base, "/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.contentType().startsWith("text/plain; version=0.0.4"), metrics.contentType());
        PrometheusText text = PrometheusText.parse(metrics.body());
        String[] node = {"group", "kv", "node", "n1"};
        assertEquals(server.status().term(), text.value("eraft_raft_term", node));
        assertEquals(1, text.value("eraft_raft_is_leader", node));
        assertEquals(1, text.value("eraft_raft_has_leader", node));
        assertEquals(0, text.value("eraft_raft_failed", node));
        for (String gauge : List.of("eraft_raft_commit_index", "eraft_raft_applied_index", "eraft_raft_last_log_index",
                "eraft_raft_log_bytes", "eraft_raft_snapshot_index", "eraft_store_size_bytes")) {
            assertEquals("gauge", text.families().get(gauge).type(), gauge);
            assertEquals(1, text.samples(gauge, node).size(), gauge);
        }
        assertTrue(text.value("jvm_threads_current") > 0);
        assertTrue(text.families().keySet().stream().filter(n -> n.startsWith("jvm_")).count() >= 5,
                text.families().keySet().toString());

        HttpCall health = HttpCall.get(base, "/health");
        assertEquals(200, health.status(), health.body());
        JsonFields.assertHolds(health.body(), "health", "ok", "node", "n1", "group", "kv", "role", "leader",
                "leader", "n1");

        HttpCall ready = HttpCall.get(base, "/ready");
        assertEquals(200, ready.status(), ready.body());
        JsonFields.assertHolds(ready.body(), "ready", "true", "node", "n1");

        HttpCall status = HttpCall.get(base, "/status");
        assertEquals(200, status.status());
        NodeStatus s = server.status();
        JsonFields.assertHolds(status.body(), "node", "n1", "group", "kv", "role", "leader", "leader", "n1",
                "term", Long.toString(s.term()), "address", s.address(), "kind", "kv", "cluster", s.cluster(),
                "member", "voter", "store", "leveldb", "failed", "false", "failure", "", "alarm", "");
        assertEquals(405, HttpCall.call("POST", base.resolve("/metrics")).status());
        assertEquals(405, HttpCall.call("DELETE", base.resolve("/status")).status());
    }

    @Test
    void putsThroughAClientMoveTheLogAndIndexGauges() throws Exception {
        EraftServer server = startGroup(1, "127.0.0.1:0").get(0);
        awaitTrue(() -> server.status().role() == Role.LEADER, "the node leads");
        URI base = base(server);
        PrometheusText before = PrometheusText.parse(HttpCall.get(base, "/metrics").body());
        String[] node = {"group", "kv", "node", "n1"};

        try (ClusterClient client = ClusterClient.connect(server.config().peers(), "kv", Duration.ofSeconds(30))) {
            KvClerk clerk = client.newClerk();
            for (int i = 0; i < 25; i++) {
                clerk.put(("k" + i).getBytes(StandardCharsets.UTF_8), "v".repeat(100).getBytes(StandardCharsets.UTF_8));
            }
        }
        Thread.sleep(2 * RaftGauges.MAX_AGE_MILLIS); // past the gauges' reading of the status
        PrometheusText after = PrometheusText.parse(HttpCall.get(base, "/metrics").body());
        for (String gauge : List.of("eraft_raft_commit_index", "eraft_raft_last_log_index")) {
            assertTrue(after.value(gauge, node) >= before.value(gauge, node) + 25,
                    gauge + " " + before.value(gauge, node) + " -> " + after.value(gauge, node));
        }
        assertTrue(after.value("eraft_raft_log_bytes", node) > before.value("eraft_raft_log_bytes", node) + 2500);
        awaitTrue(() -> metric(base, "eraft_raft_applied_index", node) >= after.value("eraft_raft_commit_index",
                node), "applied catches up with commit");
        for (PrometheusText.Family family : after.families().values()) {
            for (PrometheusText.Sample sample : family.samples()) {
                if (sample.name().startsWith("eraft_")) {
                    assertEquals("n1", sample.labels().get("node"), "every eRaft series names its node: " + sample);
                    if (!sample.name().startsWith("eraft_transport_")) {
                        assertEquals("kv", sample.labels().get("group"), "... and its group: " + sample);
                    }
                }
            }
        }
    }

    @Test
    void aFollowerIsHealthyWhileItKnowsTheLeaderAndUnhealthyWithTheReasonOnceItsGroupIsGone() throws Exception {
        List<EraftServer> group = startGroup(3, "127.0.0.1:0");
        awaitTrue(() -> group.stream().anyMatch(s -> s.status().role() == Role.LEADER), "a leader");
        EraftServer follower = group.stream().filter(s -> s.status().role() != Role.LEADER).findFirst().orElseThrow();
        URI base = base(follower);
        awaitTrue(() -> HttpCall.get(base, "/health").status() == 200, "the follower is healthy");
        JsonFields.assertHolds(HttpCall.get(base, "/health").body(), "health", "ok", "role", "follower");
        for (EraftServer s : group) {
            assertEquals(1, metric(base(s), "eraft_raft_has_leader", "node", s.config().id().value()));
        }
        double leaders = 0;
        for (EraftServer s : group) {
            leaders += metric(base(s), "eraft_raft_is_leader", "node", s.config().id().value());
        }
        assertEquals(1, leaders, "exactly one node says it leads");

        for (EraftServer s : group) {
            if (s != follower) {
                s.close();
            }
        }
        awaitTrue(() -> HttpCall.get(base, "/health").status() == 503, "the lone follower is unhealthy");
        HttpCall health = HttpCall.get(base, "/health");
        Map<String, String> fields = JsonFields.of(health.body());
        assertEquals("unhealthy", fields.get("health"));
        assertTrue(fields.get("reason").startsWith("no known leader in term "), health.body());
        assertEquals(200, HttpCall.get(base, "/ready").status(), "it is still up, only unhealthy");
    }

    @Test
    void aServerWithoutHttpOpensOnlyItsTransportPortAndWithHttpOneMore() throws Exception {
        Set<Integer> before = ListeningPorts.now();
        EraftServer plain = startGroup(1, "").get(0);
        Set<Integer> opened = new HashSet<>(ListeningPorts.now());
        opened.removeAll(before);
        int transportPort = Integer.parseInt(plain.config().listen().split(":")[1]);
        assertEquals(Set.of(transportPort), opened, "ports opened by a server without --http");
        assertTrue(plain.httpAddress().isEmpty());
        plain.close();

        before = ListeningPorts.now();
        EraftServer withHttp = startGroup(1, "127.0.0.1:0").get(0);
        opened = new HashSet<>(ListeningPorts.now());
        opened.removeAll(before);
        int httpPort = withHttp.httpAddress().orElseThrow().getPort();
        assertEquals(Set.of(Integer.parseInt(withHttp.config().listen().split(":")[1]), httpPort), opened);
        assertEquals("127.0.0.1", withHttp.httpAddress().orElseThrow().getAddress().getHostAddress());

        withHttp.close();
        assertFalse(ListeningPorts.now().contains(httpPort), "closing the server closes its HTTP listener");
        assertThrows(UncheckedIOException.class, () -> HttpCall.get(URI.create("http://127.0.0.1:" + httpPort),
                "/health"));
    }

    @Test
    void anHttpAddressInUseStopsTheStartNamingTheAddressAndReleasesWhatWasOpened() throws Exception {
        EraftServer first = startGroup(1, "127.0.0.1:0").get(0);
        InetSocketAddress taken = first.httpAddress().orElseThrow();
        int port = FreePorts.pick(1).get(0);
        PeerList peers = new PeerList(Map.of(NodeId.of("m1"), "127.0.0.1:" + port));
        ServerConfig cfg = new ServerConfig(NodeId.of("m1"), "kv", peers, "127.0.0.1:" + port, dir.resolve("m1"),
                "leveldb", Map.of(), Map.of(), 64L << 20, false).withHttp("127.0.0.1:" + taken.getPort());
        ServerStartException e = assertThrows(ServerStartException.class, () -> EraftServer.start(cfg));
        assertTrue(e.getMessage().contains("cannot serve HTTP on 127.0.0.1:" + taken.getPort())
                && e.getMessage().contains("http.listen (--http)"), e.getMessage());
        servers.add(EraftServer.start(cfg.withHttp(""))); // the data directory and transport port were released
    }

    @Test
    void extraRoutesAreServedNextToTheNodesOwn() throws Exception {
        int port = FreePorts.pick(1).get(0);
        PeerList peers = new PeerList(Map.of(NodeId.of("n1"), "127.0.0.1:" + port));
        ServerConfig cfg = new ServerConfig(NodeId.of("n1"), "kv", peers, "127.0.0.1:" + port, dir.resolve("n1"),
                "leveldb", Map.of(), Map.of(), 64L << 20, false).withHttp("127.0.0.1:0");
        EraftServer server = EraftServer.start(cfg, s -> Map.of("/console/", exchange ->
                io.eraft.dist.http.HttpEndpoints.respond(exchange, 200, "text/plain",
                        ("console of " + s.config().id()).getBytes(StandardCharsets.UTF_8))));
        servers.add(server);
        URI base = base(server);
        assertEquals("console of n1", HttpCall.get(base, "/console/index.html").body());
        assertEquals(200, HttpCall.get(base, "/ready").status());
    }

    /** A group of {@code size} nodes n1.. started here, each with HTTP on {@code http} (none when empty). */
    private List<EraftServer> startGroup(int size, String http) {
        List<Integer> ports = FreePorts.pick(size);
        Map<NodeId, String> addresses = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            addresses.put(NodeId.of("n" + (i + 1)), "127.0.0.1:" + ports.get(i));
        }
        PeerList peers = new PeerList(addresses);
        List<EraftServer> started = new ArrayList<>();
        String run = "run" + servers.size();
        for (NodeId id : peers.ids()) {
            EraftServer s = EraftServer.start(new ServerConfig(id, "kv", peers, peers.addressOf(id),
                    dir.resolve(run).resolve(id.value()), "leveldb", Map.of(), Map.of(), 64L << 20, false)
                    .withHttp(http));
            servers.add(s);
            started.add(s);
        }
        return started;
    }

    private static URI base(EraftServer server) {
        InetSocketAddress a = server.httpAddress().orElseThrow();
        return URI.create("http://127.0.0.1:" + a.getPort());
    }

    private static double metric(URI base, String name, String... labels) {
        return PrometheusText.parse(HttpCall.get(base, "/metrics").body()).value(name, labels);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within 30 s: " + what);
    }
}

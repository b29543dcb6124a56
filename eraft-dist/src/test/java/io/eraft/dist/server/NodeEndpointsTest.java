package io.eraft.dist.server;

import io.eraft.api.raft.Role;
import io.eraft.dist.cli.JsonFields;
import io.eraft.dist.http.HttpCall;
import io.eraft.dist.http.HttpEndpoints;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The node's routes over a status the test sets: what /health, /ready and /status answer in each state. */
class NodeEndpointsTest {
    private final AtomicReference<NodeStatus> status = new AtomicReference<>(status(Role.FOLLOWER, "n1", ""));
    private final AtomicBoolean started = new AtomicBoolean(true);

    @Test
    void healthAndReadinessFollowTheNodesState() throws Exception {
        try (HttpEndpoints http = HttpEndpoints.start(new InetSocketAddress("127.0.0.1", 0), Optional.empty(),
                NodeEndpoints.routes(new PrometheusRegistry(), status::get, started::get))) {
            URI base = http.uri();
            assertEquals(200, HttpCall.get(base, "/health").status());
            assertEquals(200, HttpCall.get(base, "/ready").status());

            status.set(status(Role.PRE_CANDIDATE, "", ""));
            HttpCall noLeader = HttpCall.get(base, "/health");
            assertEquals(503, noLeader.status());
            JsonFields.assertHolds(noLeader.body(), "health", "unhealthy", "reason",
                    "no known leader in term 4 (role pre_candidate)", "node", "n2", "role", "pre_candidate");
            assertEquals(200, HttpCall.get(base, "/ready").status(), "up, though without a leader");

            status.set(status(Role.FAILED, "n1", "log write failed: disk full"));
            HttpCall failed = HttpCall.get(base, "/ready");
            assertEquals(503, failed.status());
            JsonFields.assertHolds(failed.body(), "ready", "false", "reason",
                    "the Raft member stopped itself: log write failed: disk full");
            JsonFields.assertHolds(HttpCall.get(base, "/health").body(), "health", "unhealthy", "reason",
                    "the Raft member stopped itself: log write failed: disk full");
            JsonFields.assertHolds(HttpCall.get(base, "/status").body(), "failed", "true", "role", "failed",
                    "failure", "log write failed: disk full", "shards.3", "PULLING");

            status.set(status(Role.FOLLOWER, "n1", ""));
            started.set(false);
            HttpCall stopping = HttpCall.get(base, "/ready");
            assertEquals(503, stopping.status());
            JsonFields.assertHolds(stopping.body(), "ready", "false", "reason",
                    "the server is not serving (starting or stopping)");
        }
    }

    private static NodeStatus status(Role role, String leader, String failure) {
        return new NodeStatus("n2", "g1", "127.0.0.1:7202", role, 4, leader, 30, 30, 31, 0, 4096, "lmdb", 8192,
                ServerRole.SHARD, 5, new TreeMap<>(Map.of(3, "PULLING")), "c", failure, false, "");
    }
}

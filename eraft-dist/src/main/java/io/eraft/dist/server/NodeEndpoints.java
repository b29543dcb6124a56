package io.eraft.dist.server;

import com.sun.net.httpserver.HttpHandler;
import io.eraft.dist.client.ReportFormat;
import io.eraft.dist.http.HttpEndpoints;
import io.eraft.dist.http.MetricsRoute;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The routes every server's HTTP listener serves:
 * <ul>
 *   <li>{@code /metrics}: its metrics in the Prometheus text format;</li>
 *   <li>{@code /health}: 200 {@code {"health":"ok",...}} while {@link HealthRule} holds, else 503 with
 *       {@code "reason"};</li>
 *   <li>{@code /ready}: 200 once the server has started, while its Raft member has not stopped, else 503;</li>
 *   <li>{@code /status}: its {@link NodeStatus} as JSON, the facts {@code eraft status} shows.</li>
 * </ul>
 */
final class NodeEndpoints {
    private NodeEndpoints() {
    }

    /**
     * The routes of a node.
     *
     * @param registry what {@code /metrics} exports
     * @param status   the node's status now
     * @param started  whether the server has finished starting and is not stopping
     */
    public static Map<String, HttpHandler> routes(PrometheusRegistry registry, Supplier<NodeStatus> status,
                                                  BooleanSupplier started) {
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put("/metrics", new MetricsRoute(registry));
        routes.put("/health", exchange -> {
            NodeStatus s = status.get();
            HealthRule.Verdict verdict = HealthRule.check(s);
            HttpEndpoints.respondJson(exchange, verdict.healthy() ? 200 : 503, ReportFormat.jsonObject(g -> {
                g.writeStringField("health", verdict.healthy() ? "ok" : "unhealthy");
                if (!verdict.healthy()) {
                    g.writeStringField("reason", verdict.reason());
                }
                StatusJson.identity(g, s);
            }));
        });
        routes.put("/ready", exchange -> {
            NodeStatus s = status.get();
            String reason = !started.getAsBoolean() ? "the server is not serving (starting or stopping)"
                    : s.failed() ? "the Raft member stopped itself: " + s.failure() : "";
            HttpEndpoints.respondJson(exchange, reason.isEmpty() ? 200 : 503, ReportFormat.jsonObject(g -> {
                g.writeBooleanField("ready", reason.isEmpty());
                if (!reason.isEmpty()) {
                    g.writeStringField("reason", reason);
                }
                g.writeStringField("node", s.id());
                g.writeStringField("group", s.group());
            }));
        });
        routes.put("/status", exchange -> HttpEndpoints.respondJson(exchange, 200,
                ReportFormat.jsonObject(g -> StatusJson.write(g, status.get()))));
        return routes;
    }
}

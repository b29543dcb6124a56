package io.eraft.dist.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code /metrics}: a registry's metrics in the Prometheus text format (version 0.0.4).
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class MetricsRoute implements HttpHandler {
    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public MetricsRoute(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        writer.write(out, registry.scrape());
        HttpEndpoints.respond(exchange, 200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
    }
}

package io.eraft.dist.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.eraft.dist.client.ReportFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server's read-only HTTP listener (the JDK's {@code com.sun.net.httpserver}; HTTPS when given an
 * {@link SSLContext}): {@code /metrics}, {@code /health}, {@code /ready}, {@code /status} and whatever other routes it
 * is started with (the web console's). It binds only the address it is given.
 *
 * <p>Only GET and HEAD are served (405 otherwise): nothing over HTTP changes the node. A route is a path served
 * exactly, or, when it ends in {@code /}, every path under it; anything else is 404.
 *
 * <p>It never touches Raft's or the transport's threads: requests run on its own {@value #THREADS} daemon threads
 * with a queue of {@value #QUEUE}; a connection that finds them all busy and the queue full is closed at once. A
 * request not fully received within {@value #MAX_REQUEST_SECONDS} s, or a response not taken within
 * {@value #MAX_RESPONSE_SECONDS} s, has its connection closed (the JDK server's {@code sun.net.httpserver.maxReqTime}
 * and {@code maxRspTime}, set when this class loads unless the JVM was given them; they are per JVM and read by the
 * JDK when its first HTTP server starts). So a slow or malformed client holds a thread for a few seconds at most, and
 * never Raft or client traffic.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class HttpEndpoints implements AutoCloseable {
    /** Threads that handle requests. */
    public static final int THREADS = 4;
    /** Requests waiting for a thread before new connections are refused. */
    public static final int QUEUE = 32;
    /** Longest time to receive a request's line and headers. */
    public static final long MAX_REQUEST_SECONDS = 5;
    /** Longest time to send a response. */
    public static final long MAX_RESPONSE_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);

    static {
        setIfAbsent("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        setIfAbsent("sun.net.httpserver.maxRspTime", MAX_RESPONSE_SECONDS);
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final boolean https;

    private HttpEndpoints(HttpServer server, ThreadPoolExecutor executor, boolean https) {
        this.server = server;
        this.executor = executor;
        this.https = https;
    }

    /**
     * Starts serving {@code routes} on {@code address}.
     *
     * @param address where to listen (port 0: any free port; see {@link #address()})
     * @param tls     HTTPS with this context (the node's certificate), or plain HTTP when empty; no client
     *                certificate is asked for
     * @param routes  handlers by path: an exact path, or a prefix ending in {@code /}
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static HttpEndpoints start(InetSocketAddress address, Optional<SSLContext> tls,
                                      Map<String, HttpHandler> routes) {
        Map<String, HttpHandler> table = new LinkedHashMap<>();
        routes.forEach((path, handler) -> {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a route is a path starting with /, got '" + path + "'");
            }
            table.put(path, handler);
        });
        HttpServer server;
        try {
            if (tls.isPresent()) {
                HttpsServer secure = HttpsServer.create(address, QUEUE);
                secure.setHttpsConfigurator(new Configurator(tls.get()));
                server = secure;
            } else {
                server = HttpServer.create(address, QUEUE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for HTTP on " + address + ": " + e.getMessage(), e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), new Daemons("eraft-http-" + server.getAddress().getPort() + "-"),
                new ThreadPoolExecutor.AbortPolicy()); // the JDK server closes a connection it cannot hand over
        server.setExecutor(executor);
        server.createContext("/", new Router(Map.copyOf(table)));
        server.start();
        return new HttpEndpoints(server, executor, tls.isPresent());
    }

    /** The address it listens on (with the actual port when started on port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Its base URL, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return URI.create((https ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + a.getPort() + "/");
    }

    /** Stops listening and drops open connections. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Sends a complete response: {@code status}, {@code contentType} and {@code body} (headers only for a HEAD
     * request), and closes the exchange. Responses are never cached.
     */
    public static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** {@link #respond} with a JSON body. */
    public static void respondJson(HttpExchange exchange, int status, String json) throws IOException {
        respond(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void setIfAbsent(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value));
        }
    }

    /** Serves GET and HEAD by route; 405 for other methods, 404 for other paths, 500 when a handler fails. */
    private static final class Router implements HttpHandler {
        private final Map<String, HttpHandler> routes;

        Router(Map<String, HttpHandler> routes) {
            this.routes = routes;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respondJson(exchange, 405, error("method " + method + " is not allowed: this listener is "
                        + "read-only (GET, HEAD)"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            HttpHandler handler = path == null ? null : route(path);
            if (handler == null) {
                respondJson(exchange, 404, error("no such path: " + path));
                return;
            }
            try {
                handler.handle(exchange);
            } catch (IOException e) {
                exchange.close(); // the client went away; nothing to tell it
            } catch (RuntimeException e) {
                LOG.warn("HTTP {} {} failed", method, path, e);
                if (exchange.getResponseCode() == -1) {
                    respondJson(exchange, 500, error("internal error: " + e));
                } else {
                    exchange.close();
                }
            }
        }

        private HttpHandler route(String path) {
            HttpHandler exact = routes.get(path);
            if (exact != null) {
                return exact;
            }
            HttpHandler best = null;
            int length = -1;
            for (Map.Entry<String, HttpHandler> r : routes.entrySet()) {
                String prefix = r.getKey();
                if (prefix.endsWith("/") && path.startsWith(prefix) && prefix.length() > length) {
                    best = r.getValue();
                    length = prefix.length();
                }
            }
            return best;
        }
    }

    /** A JSON object with one field, {@code error}. */
    static String error(String message) {
        return ReportFormat.jsonObject(g -> g.writeStringField("error", message));
    }

    /** HTTPS with the node's certificate; no client certificate is asked for. */
    private static final class Configurator extends HttpsConfigurator {
        Configurator(SSLContext context) {
            super(context);
        }

        @Override
        public void configure(HttpsParameters params) {
            SSLParameters p = getSSLContext().getDefaultSSLParameters();
            p.setNeedClientAuth(false);
            p.setWantClientAuth(false);
            params.setSSLParameters(p);
        }
    }

    private static final class Daemons implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger next = new AtomicInteger(1);

        Daemons(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + next.getAndIncrement());
            t.setDaemon(true);
            return t;
        }
    }
}

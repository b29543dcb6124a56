package io.eraft.dist.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The web console's HTTP routes, to add to a server's HTTP listener: {@code /} and {@code /console/} (the page, its
 * script and style, and uPlot under {@code /console/uplot/}, all from this module's resources, so the console works
 * without internet access), and {@code /api/cluster} (the {@link ClusterState} as JSON, {@link ClusterJson}). Read
 * only: GET and HEAD, anything else is 405; an unknown path is 404.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ConsoleRoutes {
    /** Path of the page. */
    public static final String CONSOLE = "/console/";
    /** Path of the JSON the page polls. */
    public static final String API = "/api/cluster";

    /** Files under {@link #CONSOLE}: path below it to resource name (in this package) and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "", new String[] {"index.html", "text/html; charset=utf-8"},
            "index.html", new String[] {"index.html", "text/html; charset=utf-8"},
            "app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
            "app.css", new String[] {"app.css", "text/css; charset=utf-8"},
            "uplot/uPlot.iife.min.js", new String[] {"uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uplot/uPlot.min.css", new String[] {"uPlot.min.css", "text/css; charset=utf-8"});
    private static final Map<String, byte[]> LOADED = new ConcurrentHashMap<>();

    private ConsoleRoutes() {
    }

    /** The routes (path prefix to handler, as {@code HttpServer.createContext} takes them) of {@code view}. */
    public static Map<String, HttpHandler> of(ClusterView view) {
        Objects.requireNonNull(view, "view");
        return of(view::state);
    }

    /** The routes serving {@code state} (a test can feed its own). */
    static Map<String, HttpHandler> of(Supplier<ClusterState> state) {
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put("/", ConsoleRoutes::root);
        routes.put(CONSOLE, ConsoleRoutes::file);
        routes.put(API, exchange -> {
            if (readOnly(exchange) && exact(exchange, API)) {
                byte[] body = ClusterJson.write(state.get());
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                send(exchange, 200, "application/json", body);
            }
        });
        return Map.copyOf(routes);
    }

    /** {@code /} shows the console; any other path no route took is 404. */
    private static void root(HttpExchange exchange) throws IOException {
        if (readOnly(exchange) && exact(exchange, "/")) {
            send(exchange, 200, FILES.get("")[1], resource(FILES.get("")[0]));
        }
    }

    private static void file(HttpExchange exchange) throws IOException {
        if (!readOnly(exchange)) {
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String[] file = path.startsWith(CONSOLE) ? FILES.get(path.substring(CONSOLE.length())) : null;
        if (file == null) {
            notFound(exchange);
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "max-age=60");
        send(exchange, 200, file[1], resource(file[0]));
    }

    private static boolean exact(HttpExchange exchange, String path) throws IOException {
        if (exchange.getRequestURI().getPath().equals(path)) {
            return true;
        }
        notFound(exchange);
        return false;
    }

    private static boolean readOnly(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "the console is read only\n".getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        send(exchange, 404, "text/plain; charset=utf-8", ("no such page: " + exchange.getRequestURI().getPath()
                + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", type);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(code, head ? -1 : body.length == 0 ? -1 : body.length);
            if (!head && body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** A console file from this package's resources (read once). */
    static byte[] resource(String name) {
        return LOADED.computeIfAbsent(name, n -> {
            try (InputStream in = ConsoleRoutes.class.getResourceAsStream(n)) {
                if (in == null) {
                    throw new IllegalStateException("console resource " + n + " is missing from the build");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read console resource " + n, e);
            }
        });
    }
}

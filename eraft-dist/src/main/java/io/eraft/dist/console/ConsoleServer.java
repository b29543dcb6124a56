package io.eraft.dist.console;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP listener that serves only the console ({@link ConsoleRoutes}) of a {@link ClusterView}: for a process that
 * has no server HTTP listener of its own to add the routes to, such as {@code eraft demo}. Closing it stops the
 * listener and the view.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ConsoleServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final ClusterView view;
    private final String host;

    private ConsoleServer(HttpServer server, ExecutorService executor, ClusterView view, String host) {
        this.server = server;
        this.executor = executor;
        this.view = view;
        this.host = host;
    }

    /**
     * Serves {@code view}'s console on {@code host:port} (port 0: any free port). On failure the view is closed.
     *
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    public static ConsoleServer start(String host, int port, ClusterView view) throws IOException {
        Objects.requireNonNull(view, "view");
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "console-http");
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            ConsoleRoutes.of(view).forEach(server::createContext);
            server.setExecutor(executor);
            server.start();
            return new ConsoleServer(server, executor, view, host);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            view.close();
            throw e;
        }
    }

    /** The console page's address. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + server.getAddress().getPort() + ConsoleRoutes.CONSOLE;
    }

    @Override
    public void close() {
        try {
            server.stop(0);
            executor.shutdownNow();
        } finally {
            view.close();
        }
    }
}

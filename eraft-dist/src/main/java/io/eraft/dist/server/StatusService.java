package io.eraft.dist.server;

import io.eraft.api.transport.Access;
import io.eraft.api.transport.Transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves a node's {@link NodeStatus} on transport channel {@value #CHANNEL} to any client ({@link Access#CLIENT});
 * any request payload is ignored. The
 * status is gathered on a thread of its own (measuring the store reads the disk), never on a transport thread.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class StatusService implements AutoCloseable {
    /** The admin channel every server answers status requests on. */
    public static final String CHANNEL = "admin/status";

    private final Transport transport;
    private final ExecutorService executor;

    private StatusService(Transport transport, ExecutorService executor) {
        this.transport = transport;
        this.executor = executor;
    }

    /** Starts serving {@code status} on {@code transport}. */
    public static StatusService start(Transport transport, Supplier<NodeStatus> status) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "status-" + transport.localNode());
            t.setDaemon(true);
            return t;
        });
        transport.register(CHANNEL, Access.CLIENT, (from, payload) ->
                CompletableFuture.supplyAsync(() -> StatusCodec.encode(status.get()), executor));
        return new StatusService(transport, executor);
    }

    /** Stops serving; requests then fail at the sender with an unknown-channel error. */
    @Override
    public void close() {
        transport.unregister(CHANNEL);
        executor.shutdownNow();
    }
}

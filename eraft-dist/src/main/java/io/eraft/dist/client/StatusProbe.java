package io.eraft.dist.client;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestTimeoutException;
import io.eraft.api.transport.Transport;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.StatusCodec;
import io.eraft.dist.server.StatusService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Asks every node of a list for its status at once, each with a short timeout.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class StatusProbe {
    private static final byte[] EMPTY = new byte[0];

    private StatusProbe() {
    }

    /** One probe per node, in list order; a node that does not answer within {@code timeout} is offline. */
    public static List<NodeProbe> probe(Transport transport, PeerList nodes, Duration timeout) {
        List<CompletableFuture<NodeProbe>> pending = new ArrayList<>();
        for (NodeId id : nodes.ids()) {
            String address = nodes.addressOf(id);
            CompletableFuture<byte[]> reply;
            try {
                reply = transport.request(id, StatusService.CHANNEL, EMPTY, timeout);
            } catch (RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            pending.add(reply.handle((bytes, error) -> error == null
                    ? decode(id, address, bytes) : new NodeProbe(id, address, null, describe(error, timeout))));
        }
        List<NodeProbe> out = new ArrayList<>();
        for (CompletableFuture<NodeProbe> p : pending) {
            out.add(p.join());
        }
        return out;
    }

    private static NodeProbe decode(NodeId id, String address, byte[] bytes) {
        try {
            return new NodeProbe(id, address, StatusCodec.decode(id.value(), bytes), null);
        } catch (RuntimeException e) {
            return new NodeProbe(id, address, null, e.getMessage());
        }
    }

    /** A short reason: "connection refused", "no reply within 2s", or the transport's message. */
    private static String describe(Throwable error, Duration timeout) {
        Throwable c = error;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof RequestTimeoutException) {
            return "no reply within " + timeout.toMillis() + " ms";
        }
        String message = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        if (message.contains("Connection refused")) {
            return "connection refused";
        }
        return message;
    }
}

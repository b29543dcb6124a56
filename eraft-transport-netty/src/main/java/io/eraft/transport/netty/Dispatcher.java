package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RemoteException;
import io.eraft.api.transport.RequestHandler;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.UnknownChannelException;
import io.eraft.transport.netty.proto.Error;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/** A node's channel handlers: runs each arriving request on its channel's handler and reports the outcome. */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final NodeId node;
    private final TrafficCounters counters;
    private final ConcurrentMap<String, RequestHandler> handlers = new ConcurrentHashMap<>();

    Dispatcher(NodeId node, TrafficCounters counters) {
        this.node = node;
        this.counters = counters;
    }

    /** @throws IllegalStateException if {@code channel} already has a handler */
    void register(String channel, RequestHandler handler) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(channel, handler) != null) {
            throw new IllegalStateException("channel '" + channel + "' of node " + node + " already has a handler");
        }
    }

    void unregister(String channel) {
        handlers.remove(Objects.requireNonNull(channel, "channel"));
    }

    /** Runs {@code payload} through the handler of {@code channel}; the outcome goes to {@code sink}. */
    void dispatch(NodeId from, String channel, byte[] payload, ReplySink sink) {
        counters.requestReceived(payload.length);
        RequestHandler handler = handlers.get(channel);
        if (handler == null) {
            sink.fail(Error.Kind.UNKNOWN_CHANNEL, "node " + node + " has no handler for channel '" + channel + "'");
            return;
        }
        CompletableFuture<byte[]> answer;
        try {
            answer = handler.handle(from, payload);
        } catch (RuntimeException e) {
            LOG.debug("handler of channel '{}' on node {} threw", channel, node, e);
            sink.fail(Error.Kind.HANDLER_FAILED, messageOf(e));
            return;
        }
        if (answer == null) {
            sink.fail(Error.Kind.HANDLER_FAILED, "the handler of channel '" + channel + "' on node " + node
                    + " returned null instead of a future");
            return;
        }
        answer.whenComplete((reply, error) -> {
            if (error != null) {
                sink.fail(Error.Kind.HANDLER_FAILED, messageOf(unwrap(error)));
            } else if (reply == null) {
                sink.fail(Error.Kind.HANDLER_FAILED, "the handler of channel '" + channel + "' on node " + node
                        + " completed with null; reply with an empty array instead");
            } else {
                sink.reply(reply);
            }
        });
    }

    /** The exception that fails the sender's future for an error reply. */
    static TransportException toException(Error.Kind kind, String message) {
        return kind == Error.Kind.UNKNOWN_CHANNEL ? new UnknownChannelException(message) : new RemoteException(message);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String messageOf(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.getClass().getName();
    }
}

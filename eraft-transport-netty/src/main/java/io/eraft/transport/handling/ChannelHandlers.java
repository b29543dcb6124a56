package io.eraft.transport.handling;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/** A node's channel handlers: runs each arriving request on its channel's handler and reports the outcome. */
public final class ChannelHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelHandlers.class);

    private final NodeId node;
    private final ConcurrentMap<String, RequestHandler> handlers = new ConcurrentHashMap<>();

    public ChannelHandlers(NodeId node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    /** @throws IllegalStateException if {@code channel} already has a handler */
    public void register(String channel, RequestHandler handler) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(channel, handler) != null) {
            throw new IllegalStateException("channel '" + channel + "' of node " + node + " already has a handler");
        }
    }

    public void unregister(String channel) {
        handlers.remove(Objects.requireNonNull(channel, "channel"));
    }

    /** Runs {@code payload} through the handler of {@code channel}; the outcome goes to {@code outcome}. */
    public void dispatch(NodeId from, String channel, byte[] payload, Outcome outcome) {
        RequestHandler handler = handlers.get(channel);
        if (handler == null) {
            outcome.unknownChannel("node " + node + " has no handler for channel '" + channel + "'");
            return;
        }
        CompletableFuture<byte[]> answer;
        try {
            answer = handler.handle(from, payload);
        } catch (RuntimeException e) {
            LOG.debug("handler of channel '{}' on node {} threw", channel, node, e);
            outcome.handlerFailed(messageOf(e), e);
            return;
        }
        if (answer == null) {
            outcome.handlerFailed("the handler of channel '" + channel + "' on node " + node
                    + " returned null instead of a future", null);
            return;
        }
        answer.whenComplete((reply, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                outcome.handlerFailed(messageOf(cause), cause);
            } else if (reply == null) {
                outcome.handlerFailed("the handler of channel '" + channel + "' on node " + node
                        + " completed with null; reply with an empty array instead", null);
            } else {
                outcome.reply(reply);
            }
        });
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

package io.eraft.transport.handling;

import io.eraft.api.transport.Access;
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
import java.util.function.IntConsumer;

/**
 * A node's channel handlers: runs each arriving request on its channel's handler and reports the outcome. A request
 * whose sender's role the channel's access does not admit is refused (and the refusal logged) before its handler
 * sees it.
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 */
public final class ChannelHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelHandlers.class);

    private final NodeId node;
    private final Refusals refusals;
    private final IntConsumer received;
    private final ConcurrentMap<String, Registration> handlers = new ConcurrentHashMap<>();

    /**
     * @param refusals where refused requests are logged
     * @param received told the payload size of each request that is not refused (it reached a handler, or found
     *                 no handler), for the node's counters
     */
    public ChannelHandlers(NodeId node, Refusals refusals, IntConsumer received) {
        this.node = Objects.requireNonNull(node, "node");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.received = Objects.requireNonNull(received, "received");
    }

    /** @throws IllegalStateException if {@code channel} already has a handler */
    public void register(String channel, Access access, RequestHandler handler) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(channel, new Registration(access, handler)) != null) {
            throw new IllegalStateException("channel '" + channel + "' of node " + node + " already has a handler");
        }
    }

    public void unregister(String channel) {
        handlers.remove(Objects.requireNonNull(channel, "channel"));
    }

    /**
     * Runs {@code payload} through the handler of {@code channel} if the channel admits {@code from}'s role; the
     * outcome goes to {@code outcome}.
     */
    public void dispatch(Sender from, String channel, byte[] payload, Outcome outcome) {
        Registration registration = handlers.get(channel);
        if (registration != null && !registration.access().admits(from.role())) {
            String reason = "channel '" + channel + "' of node " + node + " takes " + registration.access()
                    + " requests only, and node " + from.node() + " connected as " + from.role();
            refusals.refuse(Refusals.Kind.REQUEST, "a request on channel '" + channel + "' from node " + from.node()
                    + " (" + from.role() + ") at " + from.origin(), reason);
            outcome.accessDenied(reason);
            return;
        }
        received.accept(payload.length);
        if (registration == null) {
            outcome.unknownChannel("node " + node + " has no handler for channel '" + channel + "'");
            return;
        }
        RequestHandler handler = registration.handler();
        CompletableFuture<byte[]> answer;
        try {
            answer = handler.handle(from.node(), payload);
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

    private record Registration(Access access, RequestHandler handler) {
    }
}

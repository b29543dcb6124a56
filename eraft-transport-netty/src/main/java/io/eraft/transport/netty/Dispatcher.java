package io.eraft.transport.netty;

import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RemoteException;
import io.eraft.api.transport.RequestHandler;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.UnknownChannelException;
import io.eraft.transport.handling.ChannelHandlers;
import io.eraft.transport.handling.Refusals;
import io.eraft.transport.handling.Sender;
import io.eraft.transport.netty.proto.Error;

/**
 * A node's channel handlers: runs each arriving request on its channel's handler, if the channel admits the
 * sender's role, and reports the outcome.
 */
final class Dispatcher {
    private final ChannelHandlers handlers;

    Dispatcher(NodeId node, TrafficCounters counters, Refusals refusals) {
        this.handlers = new ChannelHandlers(node, refusals, counters::requestReceived);
    }

    /** @throws IllegalStateException if {@code channel} already has a handler */
    void register(String channel, Access access, RequestHandler handler) {
        handlers.register(channel, access, handler);
    }

    void unregister(String channel) {
        handlers.unregister(channel);
    }

    /** Runs {@code payload} through the handler of {@code channel}; the outcome goes to {@code sink}. */
    void dispatch(Sender from, String channel, byte[] payload, ReplySink sink) {
        handlers.dispatch(from, channel, payload, sink);
    }

    /** The exception that fails the sender's future for an error reply. */
    static TransportException toException(Error.Kind kind, String message) {
        return switch (kind) {
            case UNKNOWN_CHANNEL -> new UnknownChannelException(message);
            case ACCESS_DENIED -> new AccessDeniedException(message);
            default -> new RemoteException(message);
        };
    }
}

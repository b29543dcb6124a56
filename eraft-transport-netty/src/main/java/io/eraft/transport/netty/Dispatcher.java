package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RemoteException;
import io.eraft.api.transport.RequestHandler;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.UnknownChannelException;
import io.eraft.transport.handling.ChannelHandlers;
import io.eraft.transport.netty.proto.Error;

/** A node's channel handlers: runs each arriving request on its channel's handler and reports the outcome. */
final class Dispatcher {
    private final TrafficCounters counters;
    private final ChannelHandlers handlers;

    Dispatcher(NodeId node, TrafficCounters counters) {
        this.counters = counters;
        this.handlers = new ChannelHandlers(node);
    }

    /** @throws IllegalStateException if {@code channel} already has a handler */
    void register(String channel, RequestHandler handler) {
        handlers.register(channel, handler);
    }

    void unregister(String channel) {
        handlers.unregister(channel);
    }

    /** Runs {@code payload} through the handler of {@code channel}; the outcome goes to {@code sink}. */
    void dispatch(NodeId from, String channel, byte[] payload, ReplySink sink) {
        counters.requestReceived(payload.length);
        handlers.dispatch(from, channel, payload, sink);
    }

    /** The exception that fails the sender's future for an error reply. */
    static TransportException toException(Error.Kind kind, String message) {
        return kind == Error.Kind.UNKNOWN_CHANNEL ? new UnknownChannelException(message) : new RemoteException(message);
    }
}

package io.eraft.transport.netty;

import io.eraft.transport.handling.Outcome;
import io.eraft.transport.netty.proto.Error;

/** Where a handled request's outcome goes: back over its connection, or straight to a local caller. */
interface ReplySink extends Outcome {

    /** The handler's reply. Called at most once, from any thread. */
    @Override
    void reply(byte[] payload);

    /** The request failed at the receiver. Called at most once, from any thread, instead of {@link #reply}. */
    void fail(Error.Kind kind, String message);

    /** Only the message crosses the wire, as an {@link Error.Kind#UNKNOWN_CHANNEL} error. */
    @Override
    default void unknownChannel(String message) {
        fail(Error.Kind.UNKNOWN_CHANNEL, message);
    }

    /** Only the message crosses the wire, as an {@link Error.Kind#ACCESS_DENIED} error. */
    @Override
    default void accessDenied(String message) {
        fail(Error.Kind.ACCESS_DENIED, message);
    }

    /** Only the message crosses the wire, as a {@link Error.Kind#HANDLER_FAILED} error; the cause stays here. */
    @Override
    default void handlerFailed(String message, Throwable cause) {
        fail(Error.Kind.HANDLER_FAILED, message);
    }
}

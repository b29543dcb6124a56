package io.eraft.transport.netty;

import io.eraft.transport.netty.proto.Error;

/** Where a handled request's outcome goes: back over its connection, or straight to a local caller. */
interface ReplySink {

    /** The handler's reply. Called at most once, from any thread. */
    void reply(byte[] payload);

    /** The request failed at the receiver. Called at most once, from any thread, instead of {@link #reply}. */
    void fail(Error.Kind kind, String message);
}

package io.eraft.transport.handling;

/**
 * Where {@link ChannelHandlers#dispatch} sends the outcome of one request: exactly one method is called, once.
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 */
public interface Outcome {

    /** The handler's reply. Called from any thread. */
    void reply(byte[] payload);

    /** The target node has no handler for the request's channel. */
    void unknownChannel(String message);

    /** The channel does not admit the sender's role; its handler never saw the request. */
    void accessDenied(String message);

    /**
     * The handler threw, failed its future, or broke the contract (a null future or reply).
     *
     * @param cause what the handler failed with, or null when it broke the contract
     */
    void handlerFailed(String message, Throwable cause);
}

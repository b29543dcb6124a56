package io.eraft.api.command;

/**
 * A state-machine command, as proposed to Raft and encoded by a {@link io.eraft.api.codec.Codec}. Every command
 * carries the client id and that client's request number, which the state machine uses to apply each request
 * exactly once.
 */
public sealed interface Command permits Get, Put, Append, Delete, CompareAndSet {

    /** The client's id, unique among live clients. */
    long clientId();

    /** The client's request number: increasing by one for each new request, repeated on a retry. */
    long sequence();
}

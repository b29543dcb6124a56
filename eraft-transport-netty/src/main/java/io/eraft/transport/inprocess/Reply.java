package io.eraft.transport.inprocess;

import io.eraft.api.transport.TransportException;

/**
 * What travels back to a sender: the handler's reply bytes, or the error that fails the sender's request.
 *
 * @param payload the reply (passed by reference), or null for an error
 * @param error   the sender's failure, or null for a reply
 */
record Reply(byte[] payload, TransportException error) {

    static Reply of(byte[] payload) {
        return new Reply(payload, null);
    }

    static Reply failure(TransportException error) {
        return new Reply(null, error);
    }

    /** Payload bytes, as counted in the stats (0 for an error). */
    int size() {
        return payload == null ? 0 : payload.length;
    }
}

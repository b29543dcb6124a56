package io.eraft.api.transport;

import io.eraft.api.EraftException;

/** A request failed in transit: not delivered, or no reply in time. Raft treats it as a lost message. */
public class TransportException extends EraftException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}

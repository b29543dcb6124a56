package io.eraft.api.transport;


/** The target node cannot be reached (unknown, disconnected, crashed, or its queue is full). */
public class PeerUnreachableException extends TransportException {
    private static final long serialVersionUID = 1L;

    public PeerUnreachableException(String message) {
        super(message);
    }

    public PeerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}

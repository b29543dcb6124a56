package io.eraft.api.transport;


/** The target node has no handler for the channel. */
public class UnknownChannelException extends TransportException {
    private static final long serialVersionUID = 1L;

    public UnknownChannelException(String message) {
        super(message);
    }

    public UnknownChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}

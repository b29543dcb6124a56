package io.eraft.api.transport;


/** The target's handler failed the request; the message is the remote error's. */
public class RemoteException extends TransportException {
    private static final long serialVersionUID = 1L;

    public RemoteException(String message) {
        super(message);
    }

    public RemoteException(String message, Throwable cause) {
        super(message, cause);
    }
}

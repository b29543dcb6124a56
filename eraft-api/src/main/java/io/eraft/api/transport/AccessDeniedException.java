package io.eraft.api.transport;

/**
 * The receiver refused the request because the sender may not use that channel or connection: a client on a
 * peer-only channel, a peer of another cluster, a node that is not a member, a hello that names a member it cannot
 * prove to be. A definite refusal: the request was not handled. The message says which rule refused it.
 */
public class AccessDeniedException extends TransportException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}

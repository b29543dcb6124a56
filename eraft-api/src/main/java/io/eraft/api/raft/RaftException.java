package io.eraft.api.raft;

import io.eraft.api.EraftException;

/** A Raft operation failed; the message says why. */
public class RaftException extends EraftException {
    private static final long serialVersionUID = 1L;

    public RaftException(String message) {
        super(message);
    }

    public RaftException(String message, Throwable cause) {
        super(message, cause);
    }
}

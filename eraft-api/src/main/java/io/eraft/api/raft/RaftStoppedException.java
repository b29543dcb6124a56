package io.eraft.api.raft;


/** The member was stopped before the operation completed. */
public class RaftStoppedException extends RaftException {
    private static final long serialVersionUID = 1L;

    public RaftStoppedException(String message) {
        super(message);
    }

    public RaftStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}

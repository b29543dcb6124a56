package io.eraft.api.raft;

/**
 * The member stopped itself after an error it cannot safely continue from (fail-stop): a log or store write or
 * fsync failed, an invariant broke, the event loop threw. The message names the cause; the member stays stopped and
 * its {@link RaftStatus#failure()} says why.
 */
public class RaftFailedException extends RaftException {
    private static final long serialVersionUID = 1L;

    public RaftFailedException(String message) {
        super(message);
    }

    public RaftFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

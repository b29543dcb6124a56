package io.eraft.api.raft;


/** The proposal was refused without being appended: too many pending, or too large. */
public class ProposalRejectedException extends RaftException {
    private static final long serialVersionUID = 1L;

    public ProposalRejectedException(String message) {
        super(message);
    }

    public ProposalRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.eraft.api.log;

/**
 * The Raft state that must be durable before a node answers: its current term and whom it voted for in that term.
 *
 * @param term       the current term, from 0
 * @param votedFor   the candidate voted for in {@code term}, or null
 * @param recovering set when the log lost entries it had made durable (a damaged record repaired by cutting the log):
 *                   the member then grants no vote and does not campaign until a leader of this term or later has
 *                   given it the log up to an entry of that leader's term at or after the leader's commit index
 *                   (protocol-aware recovery, Alagappan et al., FAST 2018); Raft clears it once caught up
 */
public record HardState(long term, String votedFor, boolean recovering) {
    public static final HardState INITIAL = new HardState(0, null);

    public HardState(long term, String votedFor) {
        this(term, votedFor, false);
    }

    public HardState {
        if (term < 0) {
            throw new IllegalArgumentException("term must be >= 0: " + term);
        }
    }
}

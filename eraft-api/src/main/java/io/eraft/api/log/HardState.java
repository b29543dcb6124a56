package io.eraft.api.log;

/**
 * The Raft state that must be durable before a node answers: its current term and whom it voted for in that term.
 *
 * @param term     the current term, from 0
 * @param votedFor the candidate voted for in {@code term}, or null
 */
public record HardState(long term, String votedFor) {
    public static final HardState INITIAL = new HardState(0, null);

    public HardState {
        if (term < 0) {
            throw new IllegalArgumentException("term must be >= 0: " + term);
        }
    }
}

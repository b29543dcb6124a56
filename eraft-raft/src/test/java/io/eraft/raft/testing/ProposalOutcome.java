package io.eraft.raft.testing;

import java.time.Duration;

/**
 * What became of one proposal made by {@link RaftCluster#one}: applied at an index, refused (not the leader), or
 * failed or unanswered, which may still commit later.
 *
 * @param kind  a description for failure messages
 * @param index the index it was applied at, or 0
 */
record ProposalOutcome(String kind, long index) {
    static final ProposalOutcome REFUSED = new ProposalOutcome("refused: not leader", 0);

    static ProposalOutcome applied(long index) {
        return new ProposalOutcome("applied at " + index, index);
    }

    static ProposalOutcome timedOut(Duration wait) {
        return new ProposalOutcome("no answer within " + wait, 0);
    }

    static ProposalOutcome failed(Throwable cause) {
        return new ProposalOutcome("failed: " + cause, 0);
    }

    @Override
    public String toString() {
        return kind;
    }
}

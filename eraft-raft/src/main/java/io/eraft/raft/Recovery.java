package io.eraft.raft;

import io.eraft.api.log.LogStore;

/**
 * Protocol-aware recovery (Alagappan et al., "Protocol-Aware Recovery for Consensus-Based Storage", FAST 2018) of a
 * member whose log lost entries it had made durable: the log store's repair cut the log at the damage and marked the
 * hard state {@code recovering}. Until a leader has given the entries back the member grants no vote and does not
 * campaign (its shortened log could elect a leader that lacks committed entries), and it acknowledges only what it
 * holds again. It has everything back once a leader of its term or later has matched its log up to an entry of that
 * leader's term at or after the leader's commit index: by leader completeness every committed entry lies at or
 * before that point. Only the event loop changes it; {@link #recovering()} may be read from any thread.
 */
final class Recovery {
    private final boolean repaired;
    private volatile boolean recovering;

    Recovery(boolean recovering) {
        this.repaired = recovering;
        this.recovering = recovering;
    }

    /** Still waiting for the lost entries: no votes, no campaigns. */
    boolean recovering() {
        return recovering;
    }

    /**
     * This incarnation started from a repaired log, so what an earlier incarnation acknowledged to a leader may be
     * gone; its replies say so for the whole incarnation.
     */
    boolean repaired() {
        return repaired;
    }

    /**
     * Whether an append just accepted ends the recovery: its leader, in {@code leaderTerm}, matched {@code log}
     * through {@code coveredTo}, which holds an entry of that term, at or after {@code leaderCommit}.
     */
    boolean completedBy(LogStore log, long leaderTerm, long leaderCommit, long coveredTo) {
        if (!recovering || coveredTo < leaderCommit || coveredTo < log.snapshotMeta().index()
                || coveredTo > log.lastIndex()) {
            return false;
        }
        return log.term(coveredTo) == leaderTerm;
    }

    void end() {
        recovering = false;
    }
}

package io.eraft.raft;

/**
 * What the leader knows about one follower's log (etcd's tracker.Progress): the highest index known to match, the
 * next index to send, and how replication runs.
 *
 * <ul>
 *   <li>PROBE: the match point is unknown; one AppendEntries at a time, and a new probe at most once a heartbeat.</li>
 *   <li>REPLICATE: the follower accepted the last probe; AppendEntries are pipelined, bounded by count and bytes.</li>
 *   <li>SNAPSHOT: the entries it needs are compacted; a snapshot is being streamed and appends wait.</li>
 * </ul>
 */
final class Progress {
    enum State { PROBE, REPLICATE, SNAPSHOT }

    long match;
    long next;
    State state = State.PROBE;
    int inflight;
    long inflightBytes;
    /** Leader tick at which the last AppendEntries went out. */
    long lastSendTick = Long.MIN_VALUE / 2;
    /** Heard from this follower since the leader last checked its quorum. */
    boolean recentActive;
    /** Leader tick at which this follower last answered (for the live-quorum check of membership changes). */
    long lastHeardTick = Long.MIN_VALUE / 2;
    /** The follower incarnation that acknowledged {@link #match}. */
    long matchIncarnation;
    /** Highest ReadIndex round the follower acknowledged. */
    long ackedReadSeq;

    Progress(long next) {
        this.next = next;
    }

    /** The follower answered at leader tick {@code tick}. */
    void heardFrom(long tick) {
        recentActive = true;
        lastHeardTick = tick;
    }

    void becomeProbe() {
        state = State.PROBE;
        next = match + 1;
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        next = Math.max(next, match + 1);
    }

    /** Records that the follower has everything up to {@code index}; false if this is old news. */
    boolean updateMatch(long index) {
        boolean advanced = index > match;
        if (advanced) {
            match = index;
        }
        next = Math.max(next, index + 1);
        return advanced;
    }

    @Override
    public String toString() {
        return state + "[match=" + match + " next=" + next + " inflight=" + inflight + "]";
    }
}

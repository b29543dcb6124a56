package io.eraft.raft;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The leader's ReadIndex requests (Raft thesis §6.4). Requests wait until the leader has committed an entry of its
 * term, then join a round: the round records the commit index and a sequence number that the next heartbeats carry;
 * once a majority echoed that number the leader was still leader when the round began, and each request completes
 * with the recorded index as soon as it is applied here. At most one round is in flight; requests that arrive
 * meanwhile share the next one, so a burst of reads costs one heartbeat round.
 */
final class ReadIndexQueue {
    /** A request: its caller's future, when it was made, and the index it reads once its round is confirmed. */
    private static final class Read {
        final CompletableFuture<Long> future;
        final long startNanos;
        long index;

        Read(CompletableFuture<Long> future, long startNanos) {
            this.future = future;
            this.startNanos = startNanos;
        }
    }

    private final RaftMetrics metrics;
    private final List<Read> beforeTermCommit = new ArrayList<>();
    private List<Read> queued = new ArrayList<>();
    private List<Read> round = new ArrayList<>();
    private final PriorityQueue<Read> waitingApply = new PriorityQueue<>(Comparator.comparingLong((Read r) -> r.index));
    private long seq;
    private long roundSeq;
    private long roundIndex;
    private long applied;

    ReadIndexQueue(RaftMetrics metrics) {
        this.metrics = metrics;
    }

    /** The sequence number of the latest round started (0 before any). */
    long currentSeq() {
        return seq;
    }

    /** A request made at {@code startNanos} (the member's clock) that {@code future} answers. */
    void add(CompletableFuture<Long> future, long startNanos, boolean termCommitted, long commitIndex,
             LongConsumer startRound) {
        Read read = new Read(future, startNanos);
        if (!termCommitted) {
            beforeTermCommit.add(read);
            return;
        }
        queued.add(read);
        maybeStartRound(commitIndex, startRound);
    }

    /**
     * A request the leader's lease confirms without a round: it reads {@code commitIndex} once that is applied here.
     */
    void addLeased(CompletableFuture<Long> future, long startNanos, long commitIndex, long appliedIndex) {
        Read read = new Read(future, startNanos);
        read.index = commitIndex;
        waitingApply.add(read);
        applied(appliedIndex);
    }

    /** The leader committed an entry of its term: requests that waited for that may go. */
    void termCommitted(long commitIndex, LongConsumer startRound) {
        if (beforeTermCommit.isEmpty()) {
            return;
        }
        queued.addAll(beforeTermCommit);
        beforeTermCommit.clear();
        maybeStartRound(commitIndex, startRound);
    }

    private void maybeStartRound(long commitIndex, LongConsumer startRound) {
        if (roundSeq != 0 || queued.isEmpty()) {
            return;
        }
        round = queued;
        queued = new ArrayList<>();
        roundSeq = ++seq;
        roundIndex = commitIndex;
        startRound.accept(roundSeq);
    }

    /** A majority acknowledged rounds up to {@code confirmedSeq}. */
    void confirmed(long confirmedSeq, long commitIndex, long appliedIndex, LongConsumer startRound) {
        if (roundSeq == 0 || confirmedSeq < roundSeq) {
            return;
        }
        for (Read r : round) {
            r.index = roundIndex;
            waitingApply.add(r);
        }
        round = new ArrayList<>();
        roundSeq = 0;
        applied(appliedIndex);
        maybeStartRound(commitIndex, startRound);
    }

    /** Entries through {@code index} are applied here: reads at or below it complete. */
    void applied(long index) {
        applied = Math.max(applied, index);
        while (!waitingApply.isEmpty() && waitingApply.peek().index <= applied) {
            Read r = waitingApply.poll();
            metrics.readIndexServed(r.startNanos);
            r.future.complete(r.index);
        }
    }

    void failAll(RuntimeException cause) {
        beforeTermCommit.forEach(r -> fail(r, cause));
        queued.forEach(r -> fail(r, cause));
        round.forEach(r -> fail(r, cause));
        waitingApply.forEach(r -> fail(r, cause));
        beforeTermCommit.clear();
        queued.clear();
        round.clear();
        waitingApply.clear();
    }

    private void fail(Read r, RuntimeException cause) {
        metrics.readIndexFailed();
        r.future.completeExceptionally(cause);
    }
}

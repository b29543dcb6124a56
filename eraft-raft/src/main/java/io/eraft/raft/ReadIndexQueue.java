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
    private record Waiting(long index, CompletableFuture<Long> future) {
    }

    private final List<CompletableFuture<Long>> beforeTermCommit = new ArrayList<>();
    private List<CompletableFuture<Long>> queued = new ArrayList<>();
    private List<CompletableFuture<Long>> round = new ArrayList<>();
    private final PriorityQueue<Waiting> waitingApply = new PriorityQueue<>(Comparator.comparingLong(Waiting::index));
    private long seq;
    private long roundSeq;
    private long roundIndex;
    private long applied;

    /** The sequence number of the latest round started (0 before any). */
    long currentSeq() {
        return seq;
    }

    void add(CompletableFuture<Long> future, boolean termCommitted, long commitIndex, LongConsumer startRound) {
        if (!termCommitted) {
            beforeTermCommit.add(future);
            return;
        }
        queued.add(future);
        maybeStartRound(commitIndex, startRound);
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
        for (CompletableFuture<Long> f : round) {
            waitingApply.add(new Waiting(roundIndex, f));
        }
        round = new ArrayList<>();
        roundSeq = 0;
        applied(appliedIndex);
        maybeStartRound(commitIndex, startRound);
    }

    /** Entries through {@code index} are applied here: reads at or below it complete. */
    void applied(long index) {
        applied = Math.max(applied, index);
        while (!waitingApply.isEmpty() && waitingApply.peek().index() <= applied) {
            Waiting w = waitingApply.poll();
            w.future().complete(w.index());
        }
    }

    void failAll(RuntimeException cause) {
        beforeTermCommit.forEach(f -> f.completeExceptionally(cause));
        queued.forEach(f -> f.completeExceptionally(cause));
        round.forEach(f -> f.completeExceptionally(cause));
        waitingApply.forEach(w -> w.future().completeExceptionally(cause));
        beforeTermCommit.clear();
        queued.clear();
        round.clear();
        waitingApply.clear();
    }
}

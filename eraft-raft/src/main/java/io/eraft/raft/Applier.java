package io.eraft.raft;

import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStore;
import io.eraft.api.raft.StateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * The apply thread: hands committed entries to the state machine in log order, exactly once per start, completes
 * their proposers, and asks for a snapshot once the entries applied since the last one reach the threshold in bytes.
 * (Counting applied bytes, not the log's size: compaction removes whole segments only, so a log kept above a small
 * threshold would ask for a snapshot after every apply.) Every state-machine call is made here, so the state machine
 * sees one thread. Snapshot installs and opens are queued here too, in order with the applies.
 */
final class Applier {
    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    /** Builds the applier once its listener exists. */
    @FunctionalInterface
    interface Factory {
        Applier create(Listener listener);
    }

    /** What the applier tells the event loop. */
    interface Listener {
        /** Everything up to {@code index} was applied. */
        void applied(long index);

        /** The state machine made a durable snapshot through {@code index}: the log may be compacted up to it. */
        void snapshotTaken(long index);

        /** The state machine failed: the member must stop. */
        void failed(Throwable cause);
    }

    private final String name;
    private final LogStore log;
    private final StateMachine stateMachine;
    private final ProposalTracker proposals;
    private final long maxBatchBytes;
    private final long snapshotThresholdBytes;
    private final Listener listener;
    private final RaftMetrics metrics;
    private final ExecutorService executor;
    private final AtomicBoolean applyScheduled = new AtomicBoolean();
    private final AtomicBoolean snapshotInProgress = new AtomicBoolean();
    private volatile long commitTarget;
    private volatile long applied;
    private volatile boolean failed;
    /** Bytes of the entries applied since the last snapshot (or install, or start); apply thread only. */
    private long appliedBytesSinceSnapshot;

    Applier(String name, LogStore log, StateMachine stateMachine, ProposalTracker proposals, long maxBatchBytes,
            long snapshotThresholdBytes, Listener listener, RaftMetrics metrics) {
        this.name = name;
        this.log = log;
        this.stateMachine = stateMachine;
        this.proposals = proposals;
        this.maxBatchBytes = maxBatchBytes;
        this.snapshotThresholdBytes = snapshotThresholdBytes;
        this.listener = listener;
        this.metrics = metrics;
        this.applied = stateMachine.lastApplied();
        this.commitTarget = applied;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name + "-apply");
            t.setDaemon(true);
            return t;
        });
    }

    long applied() {
        return applied;
    }

    /** Entries up to {@code index} are committed and durable here: apply them. Called by the event loop. */
    void commitTo(long index) {
        if (index <= commitTarget) {
            return;
        }
        commitTarget = index;
        if (applyScheduled.compareAndSet(false, true)) {
            submit(this::applyCommitted);
        }
    }

    /** Runs {@code task} on the apply thread, after everything queued before it. */
    void submit(Runnable task) {
        try {
            executor.execute(() -> {
                if (failed) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    failed = true;
                    LOG.error("{}: apply thread failed", name, e);
                    listener.failed(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** The state machine now reflects {@code index} (a snapshot was installed). Called on the apply thread. */
    void resetTo(long index) {
        applied = index;
        commitTarget = Math.max(commitTarget, index);
        appliedBytesSinceSnapshot = 0;
    }

    /** The member stopped itself: nothing more is applied. */
    void halt() {
        failed = true;
    }

    /** The log was compacted: another snapshot may be taken when it grows again. */
    void compacted() {
        snapshotInProgress.set(false);
    }

    private void applyCommitted() {
        applyScheduled.set(false);
        while (applied < commitTarget && !failed) {
            long from = applied + 1;
            List<LogEntry> batch = log.entries(from, commitTarget + 1, maxBatchBytes);
            List<byte[]> results = stateMachine.apply(batch);
            metrics.entriesApplied(batch.size());
            for (LogEntry e : batch) {
                appliedBytesSinceSnapshot += e.sizeInBytes();
            }
            // Proposers first, then the applied index: whoever sees the index (a leader about to step down after
            // its own removal committed) finds every proposal up to it answered, never failed by the step-down.
            proposals.applied(batch, results, () -> new io.eraft.api.raft.RaftException(
                    name + ": the entry was replaced by another leader's before it committed; retry"));
            applied = batch.get(batch.size() - 1).index();
            listener.applied(applied);
        }
        maybeSnapshot();
    }

    private void maybeSnapshot() {
        if (failed || snapshotThresholdBytes <= 0 || appliedBytesSinceSnapshot < snapshotThresholdBytes
                || applied <= log.snapshotMeta().index() || !snapshotInProgress.compareAndSet(false, true)) {
            return;
        }
        appliedBytesSinceSnapshot = 0;
        long index = stateMachine.takeSnapshot();
        listener.snapshotTaken(index);
    }

    void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

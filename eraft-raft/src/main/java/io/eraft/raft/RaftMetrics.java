package io.eraft.raft;

import io.eraft.api.metrics.Counter;
import io.eraft.api.metrics.Histogram;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.raft.NotLeaderException;
import io.eraft.api.raft.ProposalRejectedException;
import io.eraft.api.raft.RaftFailedException;
import io.eraft.api.raft.RaftStoppedException;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What one member records about its Raft work (the names agreed for eraft-raft), through the {@link Metrics} of its
 * spec, which the caller already labelled with group and node. Every counter and histogram is looked up once, here;
 * recording is a call on a field, with no lookup and no allocation. Durations come from the member's clock
 * ({@code RaftNodeSpec.nanoClock}), so a test with a fake clock sees exact values. Thread-safe: the event loop, the
 * apply thread, snapshot I/O threads and callers' threads record here.
 */
final class RaftMetrics {
    /** Why a proposal failed: the fixed values of the {@code reason} label. */
    enum FailureReason {
        /** This member does not lead (it never did, or it stepped down before the entry was applied). */
        NOT_LEADER("not_leader"),
        /** The leader refused it: too many pending, too large, a leadership transfer under way. */
        REJECTED("rejected"),
        /** The member was closed, or stopped itself after a failure. */
        STOPPED("stopped"),
        /** Anything else (the entry was replaced by another leader's). */
        OTHER("other");

        private final String label;

        FailureReason(String label) {
            this.label = label;
        }

        /** The reason a proposal failed with {@code cause}. */
        static FailureReason of(Throwable cause) {
            if (cause instanceof NotLeaderException) {
                return NOT_LEADER;
            }
            if (cause instanceof ProposalRejectedException) {
                return REJECTED;
            }
            if (cause instanceof RaftStoppedException || cause instanceof RaftFailedException) {
                return STOPPED;
            }
            return OTHER;
        }
    }

    private final LongSupplier clock;
    private final Counter leaderChanges;
    private final Counter proposalsCommitted;
    private final Counter[] proposalsFailed;
    private final Counter entriesApplied;
    private final Counter readIndexRequests;
    private final Counter readIndexFailures;
    private final Counter leaseReads;
    private final Histogram readIndexSeconds;
    private final Counter snapshotsSent;
    private final Histogram snapshotSendSeconds;
    private final Counter snapshotsInstalled;
    private final Histogram snapshotInstallSeconds;
    private final AtomicLong pendingProposals = new AtomicLong();
    private volatile long snapshotBytes;

    RaftMetrics(Metrics metrics, LongSupplier clock) {
        this.clock = clock;
        leaderChanges = metrics.counter("eraft_raft_leader_changes_total",
                "Times this member learned of a new leader (itself included)");
        proposalsCommitted = metrics.counter("eraft_raft_proposals_committed_total",
                "Proposals committed and applied, completed with their result");
        FailureReason[] reasons = FailureReason.values();
        proposalsFailed = new Counter[reasons.length];
        for (FailureReason r : reasons) {
            proposalsFailed[r.ordinal()] = metrics.counter("eraft_raft_proposals_failed_total",
                    "Proposals that failed, by reason", "reason", r.label);
        }
        entriesApplied = metrics.counter("eraft_raft_entries_applied_total",
                "Log entries applied to the state machine (commands, no-ops, configurations)");
        readIndexRequests = metrics.counter("eraft_raft_read_index_total", "ReadIndex requests made to this member");
        readIndexFailures = metrics.counter("eraft_raft_read_index_failed_total",
                "ReadIndex requests that failed (not the leader, stepped down, stopped)");
        leaseReads = metrics.counter("eraft_raft_lease_reads_total",
                "ReadIndex requests the leader's lease confirmed without a heartbeat round (raft.lease-read)");
        readIndexSeconds = metrics.histogram("eraft_raft_read_index_seconds",
                "Time from a ReadIndex request to its successful completion (leadership confirmed, index applied)");
        snapshotsSent = metrics.counter("eraft_raft_snapshots_sent_total",
                "Snapshots this leader sent that a follower installed");
        snapshotSendSeconds = metrics.histogram("eraft_raft_snapshot_send_seconds",
                "Time from sending a snapshot's first chunk to the follower's answer that it installed it");
        snapshotsInstalled = metrics.counter("eraft_raft_snapshots_installed_total",
                "Snapshots received from the leader and installed here");
        snapshotInstallSeconds = metrics.histogram("eraft_raft_snapshot_install_seconds",
                "Time to install a fully received snapshot: the state machine's install, then the log reset");
        metrics.gauge("eraft_raft_proposals_pending", "Proposals this leader accepted that are not completed yet",
                pendingProposals::get);
        metrics.gauge("eraft_raft_snapshot_bytes",
                "Size in bytes of the latest snapshot this member sent or installed (0 before any)",
                () -> snapshotBytes);
    }

    /** The member's clock, in nanoseconds: where a duration recorded here starts. */
    long now() {
        return clock.getAsLong();
    }

    /** This member learned of the leader of a new term (itself, when it won). */
    void leaderChanged() {
        leaderChanges.inc();
    }

    /** The leader accepted a proposal: it is tracked until its entry is applied or it fails. */
    void proposalAccepted() {
        pendingProposals.incrementAndGet();
    }

    /** An accepted proposal's entry was applied: its proposer has the result. */
    void proposalCommitted() {
        proposalsCommitted.inc();
        pendingProposals.decrementAndGet();
    }

    /** An accepted proposal failed before its entry was applied. */
    void acceptedProposalFailed(FailureReason reason) {
        proposalsFailed[reason.ordinal()].inc();
        pendingProposals.decrementAndGet();
    }

    /** {@code count} proposals failed before a leader accepted them. */
    void proposalsRefused(FailureReason reason, int count) {
        proposalsFailed[reason.ordinal()].add(count);
    }

    /** The state machine applied {@code count} entries. */
    void entriesApplied(int count) {
        entriesApplied.add(count);
    }

    /** A ReadIndex request was made. */
    void readIndexRequested() {
        readIndexRequests.inc();
    }

    /** A ReadIndex request made at {@link #now()} {@code startNanos} completed with its index. */
    void readIndexServed(long startNanos) {
        readIndexSeconds.observeNanos(now() - startNanos);
    }

    /** A ReadIndex request was confirmed by the leader's lease. */
    void leaseRead() {
        leaseReads.inc();
    }

    /** A ReadIndex request failed. */
    void readIndexFailed() {
        readIndexFailures.inc();
    }

    /** A follower installed the {@code bytes} of a snapshot whose first chunk left at {@code startNanos}. */
    void snapshotSent(long startNanos, long bytes) {
        snapshotsSent.inc();
        snapshotSendSeconds.observeNanos(now() - startNanos);
        snapshotBytes = bytes;
    }

    /** This member installed a snapshot of {@code bytes}, handed to the state machine at {@code startNanos}. */
    void snapshotInstalled(long startNanos, long bytes) {
        snapshotsInstalled.inc();
        snapshotInstallSeconds.observeNanos(now() - startNanos);
        snapshotBytes = bytes;
    }
}

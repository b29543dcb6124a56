package io.eraft.raft;

import io.eraft.api.log.LogEntry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The proposers waiting for their entries, by log index. The event loop adds them when it appends; the apply thread
 * completes each with its result when the entry it was given is applied (same index AND term: an entry overwritten
 * by another leader fails instead); a leader that steps down fails the rest. Whoever removes an entry completes it,
 * so each is completed, and counted in the {@link RaftMetrics}, once. Membership changes wait here too, but only
 * proposals ({@code RaftNode.propose}) are counted.
 */
final class ProposalTracker {
    private record Pending(long term, CompletableFuture<byte[]> future, boolean proposal) {
    }

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final RaftMetrics metrics;

    ProposalTracker(RaftMetrics metrics) {
        this.metrics = metrics;
    }

    /** The leader appended the entry of a proposal at {@code index}. */
    void addProposal(long index, long term, CompletableFuture<byte[]> future) {
        pending.put(index, new Pending(term, future, true));
        metrics.proposalAccepted();
    }

    /** The leader appended the entry of a membership change at {@code index}. */
    void addMembershipChange(long index, long term, CompletableFuture<byte[]> future) {
        pending.put(index, new Pending(term, future, false));
    }

    int size() {
        return pending.size();
    }

    /** Completes the proposers of {@code applied}; {@code results} are the state machine's, one per entry. */
    void applied(List<LogEntry> applied, List<byte[]> results, Supplier<RuntimeException> overwritten) {
        if (pending.isEmpty()) {
            return;
        }
        for (int i = 0; i < applied.size(); i++) {
            LogEntry e = applied.get(i);
            Pending p = pending.remove(e.index());
            if (p == null) {
                continue;
            }
            if (p.term() == e.term()) {
                if (p.proposal()) {
                    metrics.proposalCommitted();
                }
                p.future().complete(results == null || i >= results.size() ? null : results.get(i));
            } else {
                fail(p, overwritten.get());
            }
        }
    }

    /** Fails every waiting proposer (leadership lost, or the member stopped). */
    void failAll(Supplier<RuntimeException> cause) {
        for (Long index : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(index);
            if (p != null) {
                fail(p, cause.get());
            }
        }
    }

    private void fail(Pending p, RuntimeException cause) {
        if (p.proposal()) {
            metrics.acceptedProposalFailed(RaftMetrics.FailureReason.of(cause));
        }
        p.future().completeExceptionally(cause);
    }
}

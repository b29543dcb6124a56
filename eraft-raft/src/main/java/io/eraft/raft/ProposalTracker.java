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
 * by another leader fails instead); a leader that steps down fails the rest.
 */
final class ProposalTracker {
    private record Pending(long term, CompletableFuture<byte[]> future) {
    }

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    void add(long index, long term, CompletableFuture<byte[]> future) {
        pending.put(index, new Pending(term, future));
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
                p.future().complete(results == null || i >= results.size() ? null : results.get(i));
            } else {
                p.future().completeExceptionally(overwritten.get());
            }
        }
    }

    /** Fails every waiting proposer (leadership lost, or the member stopped). */
    void failAll(Supplier<RuntimeException> cause) {
        for (Long index : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(index);
            if (p != null) {
                p.future().completeExceptionally(cause.get());
            }
        }
    }
}

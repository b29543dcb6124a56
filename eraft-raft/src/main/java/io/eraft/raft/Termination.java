package io.eraft.raft;

import io.eraft.api.raft.RaftFailedException;

import java.util.concurrent.CompletableFuture;

/**
 * How a member ended: completes normally when it is closed, exceptionally with a {@link RaftFailedException} when it
 * stopped itself (fail-stop). The first ending wins; a close after a failure leaves the failure in place.
 * Thread-safe.
 */
final class Termination {
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile RaftFailedException failure;

    /** Records the failure; false (and nothing changes) if the member had already ended. */
    synchronized boolean fail(RaftFailedException e) {
        if (ended.isDone()) {
            return false;
        }
        failure = e;
        ended.completeExceptionally(e);
        return true;
    }

    /** The member was closed. */
    void closed() {
        ended.complete(null);
    }

    /** The failure that stopped the member, or null. */
    RaftFailedException failure() {
        return failure;
    }

    /** A view of the ending that callers cannot complete themselves. */
    CompletableFuture<Void> future() {
        return ended.copy();
    }
}

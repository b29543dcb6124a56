package io.eraft.dist.cli;

import io.eraft.api.raft.RaftFailedException;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How a server process learns that its Raft member stopped itself: it waits on the member's termination, which
 * completes normally after a requested stop (SIGTERM) and exceptionally with the reason after a failure.
 */
final class FailStop {
    private FailStop() {
    }

    /**
     * Waits until the member stops.
     *
     * @return why it stopped itself, or empty when it was stopped on request
     */
    static Optional<String> awaitFailure(CompletableFuture<Void> termination) throws InterruptedException {
        try {
            termination.get();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(reason(e.getCause()));
        }
    }

    /** The failure's message with its causes', e.g. "log write failed: No space left on device". */
    static String reason(Throwable failure) {
        Throwable f = failure;
        while (f instanceof CompletionException && f.getCause() != null) {
            f = f.getCause();
        }
        StringBuilder b = new StringBuilder(message(f));
        for (Throwable c = f.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            String m = message(c);
            if (b.indexOf(m) < 0) {
                b.append(": ").append(m);
            }
        }
        if (!(f instanceof RaftFailedException) && f.getMessage() != null) {
            b.insert(0, f.getClass().getSimpleName() + ": ");
        }
        return b.toString();
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}

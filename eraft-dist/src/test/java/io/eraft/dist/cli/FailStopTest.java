package io.eraft.dist.cli;

import io.eraft.api.raft.RaftFailedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a server process tells a requested stop from its member stopping itself, and what it says about it. */
class FailStopTest {
    @Test
    void aMemberClosedOnRequestIsNoFailure() throws InterruptedException {
        assertEquals(Optional.empty(), FailStop.awaitFailure(CompletableFuture.completedFuture(null)));
    }

    @Test
    void aMemberThatStoppedItselfGivesItsReasonWithItsCause() throws InterruptedException {
        CompletableFuture<Void> termination = new CompletableFuture<>();
        Thread failer = new Thread(() -> termination.completeExceptionally(new RaftFailedException(
                "kv/n1: log write failed", new IOException("No space left on device"))));
        failer.start();
        assertEquals(Optional.of("kv/n1: log write failed: No space left on device"),
                FailStop.awaitFailure(termination.copy()));
    }

    @Test
    void anUnexpectedErrorIsNamedByItsKind() {
        assertEquals("IllegalStateException: asked to overwrite committed entry 11039",
                FailStop.reason(new IllegalStateException("asked to overwrite committed entry 11039")));
        assertEquals("NullPointerException", FailStop.reason(new NullPointerException()));
    }
}

package io.eraft.raft;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadIndexQueueTest {
    private final ReadIndexQueue q = new ReadIndexQueue();
    private final List<Long> rounds = new ArrayList<>();

    @Test
    void readsWaitForTheTermsFirstCommitThenForAMajorityAckThenForApply() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        q.add(f, false, 0, rounds::add);
        assertTrue(rounds.isEmpty(), "no round before the leader committed in its term");
        q.termCommitted(7, rounds::add);
        assertEquals(List.of(1L), rounds);
        q.confirmed(0, 7, 7, rounds::add);
        assertFalse(f.isDone(), "not confirmed by a majority yet");
        q.confirmed(1, 7, 5, rounds::add);
        assertFalse(f.isDone(), "confirmed but index 7 not applied");
        q.applied(7);
        assertEquals(7L, f.join());
    }

    @Test
    void readsArrivingDuringARoundShareTheNextRound() {
        CompletableFuture<Long> a = new CompletableFuture<>();
        CompletableFuture<Long> b = new CompletableFuture<>();
        CompletableFuture<Long> c = new CompletableFuture<>();
        q.add(a, true, 3, rounds::add);
        q.add(b, true, 4, rounds::add);
        q.add(c, true, 5, rounds::add);
        assertEquals(List.of(1L), rounds, "one round in flight at a time");
        q.confirmed(1, 6, 10, rounds::add);
        assertEquals(3L, a.join());
        assertEquals(List.of(1L, 2L), rounds);
        assertFalse(b.isDone());
        q.confirmed(2, 6, 10, rounds::add);
        assertEquals(6L, b.join(), "the second round reads the commit index at its start");
        assertEquals(6L, c.join());
    }

    @Test
    void failAllFailsEveryWaitingRead() {
        CompletableFuture<Long> a = new CompletableFuture<>();
        CompletableFuture<Long> b = new CompletableFuture<>();
        q.add(a, false, 0, rounds::add);
        q.add(b, true, 1, rounds::add);
        q.failAll(new IllegalStateException("stepped down"));
        assertTrue(a.isCompletedExceptionally());
        assertTrue(b.isCompletedExceptionally());
    }
}

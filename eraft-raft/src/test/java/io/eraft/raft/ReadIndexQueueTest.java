package io.eraft.raft;

import io.eraft.api.metrics.InMemoryMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadIndexQueueTest {
    private final InMemoryMetrics metrics = new InMemoryMetrics();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final ReadIndexQueue q = new ReadIndexQueue(new RaftMetrics(metrics, clock::get));
    private final List<Long> rounds = new ArrayList<>();

    @Test
    void readsWaitForTheTermsFirstCommitThenForAMajorityAckThenForApply() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        q.add(f, 0, false, 0, rounds::add);
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
        q.add(a, 0, true, 3, rounds::add);
        q.add(b, 0, true, 4, rounds::add);
        q.add(c, 0, true, 5, rounds::add);
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
        q.add(a, 0, false, 0, rounds::add);
        q.add(b, 0, true, 1, rounds::add);
        q.failAll(new IllegalStateException("stepped down"));
        assertTrue(a.isCompletedExceptionally());
        assertTrue(b.isCompletedExceptionally());
        assertEquals(2, metrics.counterValue("eraft_raft_read_index_failed_total"), "each failed read is counted");
        assertEquals(0, metrics.histogramCount("eraft_raft_read_index_seconds"), "a failed read is not timed");
    }

    @Test
    void aServedReadIsTimedOnTheMembersClockFromItsRequestToItsCompletion() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        long asked = clock.get();
        q.add(f, asked, true, 4, rounds::add);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_500));
        q.confirmed(1, 4, 3, rounds::add);
        assertEquals(0, metrics.histogramCount("eraft_raft_read_index_seconds"), "not served before index 4 applied");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_000));
        q.applied(4);

        assertEquals(4L, f.join());
        assertEquals(1, metrics.histogramCount("eraft_raft_read_index_seconds"));
        assertEquals(2.5, metrics.histogramSum("eraft_raft_read_index_seconds"), 1e-9,
                "the time from the request to its completion, on the fake clock");
        assertEquals(0, metrics.counterValue("eraft_raft_read_index_failed_total"));
    }
}

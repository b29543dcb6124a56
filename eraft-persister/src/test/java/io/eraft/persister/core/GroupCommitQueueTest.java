package io.eraft.persister.core;

import io.eraft.api.log.LogStoreException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitQueueTest {

    @Test
    void workQueuedWhileTheWriterIsBusyIsHandledAsOneBatchInOrder() {
        GatedThreads threads = new GatedThreads();
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        GroupCommitQueue<Integer> queue = new GroupCommitQueue<>("test", threads, b -> batches.add(List.copyOf(b)));
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        List<Integer> completionOrder = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            CompletableFuture<Integer> f = queue.submit(i, i * 10);
            f.thenRun(() -> completionOrder.add(n));
            futures.add(f);
        }
        threads.open();
        // Close (which finishes the queued work) before anyone waits on a future: a thread blocked in join() may
        // itself run a completed future's dependents, so the order seen by thenRun would be the waiters' order.
        queue.close();
        for (int i = 0; i < 100; i++) {
            assertEquals(i * 10, futures.get(i).join());
        }
        assertEquals(List.of(IntStream.range(0, 100).boxed().toList()), batches);
        assertEquals(IntStream.range(0, 100).boxed().toList(), completionOrder);
    }

    @Test
    void failedBatchFailsItsFuturesQueuedWorkAndLaterSubmissions() {
        GatedThreads threads = new GatedThreads();
        List<List<String>> handled = new CopyOnWriteArrayList<>();
        GroupCommitQueue<String> queue = new GroupCommitQueue<>("test", threads, b -> {
            handled.add(List.copyOf(b));
            throw new IOException("disk full");
        });
        CompletableFuture<Void> first = queue.submit("a", null);
        CompletableFuture<Void> second = queue.submit("b", null);
        threads.open();
        CompletionException e = assertThrows(CompletionException.class, first::join);
        LogStoreException cause = assertInstanceOf(LogStoreException.class, e.getCause());
        assertTrue(cause.getMessage().contains("disk full"), cause.getMessage());
        assertInstanceOf(IOException.class, cause.getCause());
        assertSame(cause, assertThrows(CompletionException.class, second::join).getCause());
        assertSame(cause, queue.failure());
        assertSame(cause, assertThrows(CompletionException.class, () -> queue.submit("c", null).join()).getCause());
        assertEquals(List.of(List.of("a", "b")), handled);
        queue.close();
    }

    @Test
    void closeFinishesQueuedWorkBeforeReturningAndRefusesMore() {
        GatedThreads threads = new GatedThreads();
        List<String> handled = new CopyOnWriteArrayList<>();
        GroupCommitQueue<String> queue = new GroupCommitQueue<>("test", threads, handled::addAll);
        CompletableFuture<Void> a = queue.submit("a", null);
        CompletableFuture<Void> b = queue.submit("b", null);
        threads.open();
        queue.close();
        assertTrue(a.isDone() && !a.isCompletedExceptionally());
        assertTrue(b.isDone() && !b.isCompletedExceptionally());
        assertEquals(List.of("a", "b"), handled);
        CompletionException e = assertThrows(CompletionException.class, () -> queue.submit("c", null).join());
        assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
    }

    @Test
    void abortFailsTheBatchBeingHandledAndTheQueuedWork() throws InterruptedException {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        GroupCommitQueue<String> queue = new GroupCommitQueue<>("test", Executors.defaultThreadFactory(), b -> {
            handled.addAll(b);
            handling.countDown();
            never.await(); // a slow sync, cut short by the abort's interrupt
        });
        CompletableFuture<Void> inFlight = queue.submit("a", null);
        handling.await();
        CompletableFuture<Void> queued = queue.submit("b", null);
        LogStoreException crash = new LogStoreException("crashed");
        queue.abort(crash);
        assertSame(crash, assertThrows(CompletionException.class, inFlight::join).getCause());
        assertSame(crash, assertThrows(CompletionException.class, queued::join).getCause());
        assertSame(crash, assertThrows(CompletionException.class, () -> queue.submit("c", null).join()).getCause());
        assertEquals(List.of("a"), handled);
    }

    @Test
    void abortBeforeTheWriterStartsHandlesNothing() {
        GatedThreads threads = new GatedThreads();
        List<String> handled = new CopyOnWriteArrayList<>();
        GroupCommitQueue<String> queue = new GroupCommitQueue<>("test", threads, handled::addAll);
        CompletableFuture<Void> a = queue.submit("a", null);
        a.whenComplete((v, e) -> threads.open()); // the writer starts only once the abort has failed "a"
        queue.abort(new LogStoreException("crashed"));
        assertTrue(a.isCompletedExceptionally());
        assertEquals(List.of(), handled);
    }
}

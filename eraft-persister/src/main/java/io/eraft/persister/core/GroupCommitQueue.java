package io.eraft.persister.core;

import io.eraft.api.log.LogStoreException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit: callers submit work and get a future; ONE background thread takes everything queued, hands the whole
 * batch to a {@link BatchHandler} (which writes it and makes it durable with one sync), then completes the batch's
 * futures in submission order. Work submitted while a batch is being synced waits for, and shares, the next one.
 *
 * <p>After the handler fails, the queue is failed: the failing batch, everything queued and everything submitted
 * later fail with the same {@link LogStoreException} (the handler's own, if it threw one, so its kind and message
 * reach the caller; else one wrapping what it threw). Futures are completed on the background thread, so their
 * dependents should hand heavy work to another executor.
 *
 * <p>Internal: a part of the segmented log; io.eraft.persister does not export it (use its providers).
 *
 * @param <W> one unit of work
 */
public final class GroupCommitQueue<W> {

    /** Writes a batch and makes it durable; throwing fails the batch and the queue. */
    @FunctionalInterface
    public interface BatchHandler<W> {
        void handle(List<W> batch) throws Exception;
    }

    private record Pending<W>(W work, Runnable complete, Consumer<Throwable> fail) {
    }

    private final String name;
    private final BatchHandler<W> handler;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending<W>> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean closing;
    private LogStoreException stopped;
    private volatile LogStoreException failure;

    /**
     * Starts the background thread.
     *
     * @param name    names the store in thread names and error messages
     * @param threads makes the background thread (it is started here)
     */
    public GroupCommitQueue(String name, ThreadFactory threads, BatchHandler<W> handler) {
        this.name = name;
        this.handler = handler;
        this.thread = threads.newThread(this::run);
        thread.setName("eraft-log-writer " + name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues {@code work}; the future completes with {@code result} once the handler has made it durable, or fails
     * if the queue failed or was closed.
     */
    public <R> CompletableFuture<R> submit(W work, R result) {
        CompletableFuture<R> future = new CompletableFuture<>();
        lock.lock();
        try {
            LogStoreException refusal = refusal();
            if (refusal != null) {
                future.completeExceptionally(refusal);
                return future;
            }
            queue.add(new Pending<>(work, () -> future.complete(result), future::completeExceptionally));
            changed.signal();
        } finally {
            lock.unlock();
        }
        return future;
    }

    /** The failure that stopped the queue, or null while it works. */
    public LogStoreException failure() {
        return failure;
    }

    /** Why new work is refused now, or null if it is accepted. */
    public LogStoreException refusal() {
        if (failure != null) {
            return failure;
        }
        lock.lock();
        try {
            if (stopped != null) {
                return stopped;
            }
            return closing ? new LogStoreException("log store " + name + " is closed") : null;
        } finally {
            lock.unlock();
        }
    }

    /** Finishes everything queued, then stops the background thread and waits for it. */
    public void close() {
        lock.lock();
        try {
            closing = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
        joinUninterruptibly();
    }

    /**
     * Stops at once without handling what is queued: queued work fails with {@code cause}, and so does a batch
     * being handled now (the thread is interrupted). Waits for the background thread to end.
     */
    public void abort(LogStoreException cause) {
        List<Pending<W>> dropped;
        lock.lock();
        try {
            if (stopped == null) {
                stopped = cause;
            }
            dropped = new ArrayList<>(queue);
            queue.clear();
            changed.signal();
        } finally {
            lock.unlock();
        }
        dropped.forEach(p -> p.fail().accept(cause));
        thread.interrupt();
        joinUninterruptibly();
    }

    private void run() {
        while (true) {
            List<Pending<W>> batch = takeBatch();
            if (batch == null) {
                return;
            }
            List<W> work = new ArrayList<>(batch.size());
            batch.forEach(p -> work.add(p.work()));
            try {
                handler.handle(work);
            } catch (Throwable t) {
                LogStoreException cause = stopReason();
                if (cause == null) {
                    cause = t instanceof LogStoreException told ? told : new LogStoreException("log store " + name
                            + " failed, so it takes no more writes: " + t, t);
                }
                failWith(batch, cause);
                if (t instanceof Error e && !(t instanceof AssertionError)) {
                    throw e;
                }
                return;
            }
            LogStoreException aborted = stopReason();
            if (aborted != null) {
                batch.forEach(p -> p.fail().accept(aborted));
                return;
            }
            batch.forEach(p -> p.complete().run());
        }
    }

    /** Everything queued, waiting for work; null when the thread should end. */
    private List<Pending<W>> takeBatch() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closing && stopped == null) {
                changed.awaitUninterruptibly();
            }
            if (stopped != null || queue.isEmpty()) {
                return null;
            }
            List<Pending<W>> batch = new ArrayList<>(queue);
            queue.clear();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private LogStoreException stopReason() {
        lock.lock();
        try {
            return stopped;
        } finally {
            lock.unlock();
        }
    }

    private void failWith(List<Pending<W>> batch, LogStoreException cause) {
        List<Pending<W>> rest;
        lock.lock();
        try {
            failure = cause;
            rest = new ArrayList<>(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        batch.forEach(p -> p.fail().accept(cause));
        rest.forEach(p -> p.fail().accept(cause));
    }

    private void joinUninterruptibly() {
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

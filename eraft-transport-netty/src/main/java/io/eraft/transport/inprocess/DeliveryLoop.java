package io.eraft.transport.inprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The single thread of one node: runs that node's handlers and completes its requests, one task at a time, in the
 * order they were submitted. The thread starts on the first task and ends after a quiet while, so idle or forgotten
 * nodes hold no thread.
 */
final class DeliveryLoop {
    private static final long IDLE_SECONDS = 5;

    private final ThreadPoolExecutor executor;

    DeliveryLoop(String threadName) {
        executor = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, threadName);
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Queues {@code delivery}; false when the loop is closed (the delivery then never runs). */
    boolean submit(Delivery delivery) {
        try {
            executor.execute(delivery);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    /**
     * Stops taking tasks and returns those that had not started. A task already running finishes; the thread then
     * ends. Tasks the thread takes after this call are expected to see their node closed and abort themselves.
     */
    List<Delivery> close() {
        executor.shutdown();
        List<Runnable> left = new ArrayList<>();
        executor.getQueue().drainTo(left);
        List<Delivery> deliveries = new ArrayList<>(left.size());
        for (Runnable task : left) {
            deliveries.add((Delivery) task);
        }
        return deliveries;
    }
}

package io.eraft.raft;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The single thread a Raft member's logic runs on (the actor model): every state change happens in a task run here,
 * one at a time, so the core needs no locks. Other threads (transport, log, apply) hand work in with
 * {@link #execute(Runnable)}.
 */
final class EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private final ScheduledExecutorService executor;
    private final String name;
    private volatile Thread thread;
    private volatile boolean closed;

    EventLoop(String name) {
        this.name = name;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** Runs {@code task} on the loop; silently dropped once the loop is closed (the member is stopping). */
    void execute(Runnable task) {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> runGuarded(task));
        } catch (RejectedExecutionException e) {
            // closed concurrently: the member is stopping, nothing to do
        }
    }

    /**
     * Calls {@code tick} every {@code periodNanos}, counted from the end of the previous tick. Ticks the loop missed
     * (the process was paused by the garbage collector or starved of CPU) are not made up in a burst: a burst would
     * expire election and check-quorum timeouts before the messages that arrived meanwhile are handled, so a healthy
     * leader would step down and followers would campaign after every long pause. Raft's time only runs while the
     * member runs; this delays the detection of a failure by the length of a pause at most.
     */
    ScheduledFuture<?> scheduleTicks(Runnable tick, long periodNanos) {
        return executor.scheduleWithFixedDelay(() -> runGuarded(tick), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private void runGuarded(Runnable task) {
        if (closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("{}: unexpected error in Raft event loop", name, e);
        }
    }

    /** Stops accepting tasks and waits (briefly) for the running one to end. */
    void close() {
        closed = true;
        executor.shutdownNow();
        if (!inLoop()) {
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

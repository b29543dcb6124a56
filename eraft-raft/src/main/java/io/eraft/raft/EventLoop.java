package io.eraft.raft;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The single thread a Raft member's logic runs on (the actor model): every state change happens in a task run here,
 * one at a time, so the core needs no locks. Other threads (transport, log, apply) hand work in with
 * {@link #execute(Runnable)}. A task that throws leaves the member's state in doubt: the error goes to the
 * {@link #onError error handler}, which stops the member (fail-stop); the loop keeps running the tasks that follow,
 * so that callers waiting on them are answered, with the failure.
 */
final class EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private final ScheduledExecutorService executor;
    private final String name;
    private volatile Thread thread;
    private volatile boolean closed;
    private volatile Consumer<Throwable> errorHandler;

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

    /** Where an error thrown by a task goes (it runs on the loop). Without one the error is only logged. */
    void onError(Consumer<Throwable> handler) {
        this.errorHandler = handler;
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
            Consumer<Throwable> handler = errorHandler;
            if (handler == null) {
                LOG.error("{}: unexpected error in Raft event loop", name, e);
                return;
            }
            try {
                handler.accept(e);
            } catch (RuntimeException | Error inHandler) {
                inHandler.addSuppressed(e);
                LOG.error("{}: the error handler of the Raft event loop failed", name, inHandler);
            }
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

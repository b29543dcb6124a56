package io.eraft.dist.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Closed-loop load for the in-JVM benchmarks: each client sends its next request when its previous one completed; a
 * failed request counts as an error and the client backs off 1 ms (off-thread, so a synchronous failure does not
 * recurse on its stack). {@link #measure} reports one window: completions, errors and their latency histogram.
 */
final class ClosedLoopLoad {
    /** What a measured window saw. Latencies are in nanoseconds. */
    record Window(long completed, long errors, double seconds, Histogram latency) {
        double perSecond() {
            return completed / seconds;
        }

        double micros(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final Recorder recorder = new Recorder(3);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped;

    /**
     * Starts one client per element of {@code clients}; each supplier sends one request and returns a future that
     * completes with true on success, false (or exceptionally) on an error.
     */
    ClosedLoopLoad(List<Supplier<CompletableFuture<Boolean>>> clients) {
        this.stopped = new CountDownLatch(clients.size());
        clients.forEach(this::next);
    }

    private void next(Supplier<CompletableFuture<Boolean>> client) {
        if (!running.get()) {
            stopped.countDown();
            return;
        }
        long t0 = System.nanoTime();
        client.get().whenComplete((ok, failure) -> {
            if (failure == null && Boolean.TRUE.equals(ok)) {
                recorder.recordValue(System.nanoTime() - t0);
                completed.incrementAndGet();
                next(client);
            } else {
                errors.incrementAndGet();
                CompletableFuture.runAsync(() -> next(client),
                        CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS));
            }
        });
    }

    /** Lets the load run for {@code seconds} without measuring it. */
    void warmUp(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    /** Measures the next {@code seconds}. */
    Window measure(double seconds) throws InterruptedException {
        recorder.getIntervalHistogram();
        long start = System.nanoTime();
        long startCount = completed.get();
        long startErrors = errors.get();
        Thread.sleep((long) (seconds * 1000));
        long count = completed.get() - startCount;
        double secs = (System.nanoTime() - start) / 1e9;
        return new Window(count, errors.get() - startErrors, secs, recorder.getIntervalHistogram());
    }

    /** Stops the clients and waits up to {@code timeoutSeconds} for their last requests. */
    void stop(long timeoutSeconds) throws InterruptedException {
        running.set(false);
        stopped.await(timeoutSeconds, TimeUnit.SECONDS);
    }
}

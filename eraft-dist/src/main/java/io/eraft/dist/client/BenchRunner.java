package io.eraft.dist.client;

import io.eraft.shardkv.kv.KvClient;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a {@link BenchOptions} workload: each client is a closed loop of asynchronous operations (one in flight) on
 * a {@link KvClient}, one group's clerk or a sharded cluster's routing clerk, so hundreds of clients need no thread
 * each. Latencies go to HdrHistogram recorders; once a second the interval is folded into the totals and a progress
 * line is reported.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class BenchRunner {
    private static final long SEED = 0x5eed_e4af7L;

    private final BenchOptions options;
    private final Supplier<? extends KvClient> clerks;
    private final Consumer<String> progress;

    private final Recorder readRecorder = new Recorder(3);
    private final Recorder writeRecorder = new Recorder(3);
    private final Histogram reads = new Histogram(3);
    private final Histogram writes = new Histogram(3);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private CountDownLatch finished;
    private long lastTotal;
    private volatile long measureStart;

    /**
     * @param clerks   makes one client (a clerk) per closed loop
     * @param progress receives a progress line once a second (e.g. to print on stderr)
     */
    public BenchRunner(BenchOptions options, Supplier<? extends KvClient> clerks, Consumer<String> progress) {
        this.options = Objects.requireNonNull(options, "options");
        this.clerks = Objects.requireNonNull(clerks, "clerks");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Runs the workload once and reports; a runner runs once. */
    public BenchReport run() throws InterruptedException {
        finished = new CountDownLatch(options.clients());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        long warmup = options.warmup().toNanos();
        measureStart = start;
        try {
            if (warmup > 0) {
                ticker.schedule(() -> {
                    endWarmup();
                    stopAfterDuration(ticker);
                }, warmup, TimeUnit.NANOSECONDS);
            } else {
                stopAfterDuration(ticker);
            }
            ticker.scheduleAtFixedRate(() -> report(start), 1, 1, TimeUnit.SECONDS);
            for (int i = 0; i < options.clients(); i++) {
                new ClientLoop(clerks.get(), new Workload(SEED + i, options.keys(), options.valueBytes(),
                        options.readRatio())).next();
            }
            finished.await();
        } finally {
            running.set(false);
            ticker.shutdownNow();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - measureStart) / 1e9;
        synchronized (this) {
            drain();
            Histogram all = reads.copy();
            all.add(writes);
            return new BenchReport(options, seconds, LatencySummary.of(reads, seconds),
                    LatencySummary.of(writes, seconds), LatencySummary.of(all, seconds), errors.get(),
                    firstError.get());
        }
    }

    /** Ends a timed run its duration after measuring started. */
    private void stopAfterDuration(ScheduledExecutorService ticker) {
        if (options.duration() != null) {
            ticker.schedule(() -> running.set(false), options.duration().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Drops everything recorded so far: measuring starts now. */
    private synchronized void endWarmup() {
        drain();
        reads.reset();
        writes.reset();
        lastTotal = 0;
        errors.set(0);
        firstError.set(null);
        measureStart = System.nanoTime();
        progress.accept("warmup done; measuring");
    }

    /** Folds the recorders' interval into the totals and reports the interval's rate and p99. */
    private synchronized void report(long start) {
        Histogram interval = drain();
        long total = reads.getTotalCount() + writes.getTotalCount();
        long delta = total - lastTotal;
        lastTotal = total;
        progress.accept(String.format(Locale.ROOT, "[%4.0fs] %,d ops, %,d ops/s, p99 %.2f ms, errors %d",
                (System.nanoTime() - start) / 1e9, total, delta,
                interval.getTotalCount() == 0 ? 0.0 : interval.getValueAtPercentile(99) / 1e6, errors.get()));
    }

    private Histogram drain() {
        Histogram r = readRecorder.getIntervalHistogram();
        Histogram w = writeRecorder.getIntervalHistogram();
        reads.add(r);
        writes.add(w);
        Histogram both = r.copy();
        both.add(w);
        return both;
    }

    /** One closed-loop client. */
    private final class ClientLoop {
        private final KvClient clerk;
        private final Workload workload;

        ClientLoop(KvClient clerk, Workload workload) {
            this.clerk = clerk;
            this.workload = workload;
        }

        void next() {
            if (!running.get() || (options.ops() > 0 && issued.incrementAndGet() > options.ops())) {
                finished.countDown();
                return;
            }
            boolean read = workload.nextIsRead();
            byte[] key = workload.nextKey();
            long t0 = System.nanoTime();
            CompletableFuture<?> op;
            try {
                op = read ? clerk.getAsync(key) : clerk.putAsync(key, workload.nextValue());
            } catch (RuntimeException e) {
                op = CompletableFuture.failedFuture(e);
            }
            op.whenComplete((r, e) -> {
                if (e == null) {
                    (read ? readRecorder : writeRecorder).recordValue(System.nanoTime() - t0);
                    next();
                } else {
                    failed(e);
                    // Off this stack: a failure that completes at once must not recurse.
                    CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS).execute(this::next);
                }
            });
        }

        private void failed(Throwable e) {
            errors.incrementAndGet();
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            firstError.compareAndSet(null, cause.toString());
        }
    }
}

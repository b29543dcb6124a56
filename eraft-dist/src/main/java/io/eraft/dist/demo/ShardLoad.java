package io.eraft.dist.demo;

import io.eraft.dist.client.Workload;
import io.eraft.shardkv.kv.KvClient;
import io.eraft.shardkv.shard.ShardKeys;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop load on a sharded cluster that runs until stopped and is read in {@linkplain #window() windows}: each
 * client keeps one asynchronous operation in flight (a linearizable get or a put of a uniformly chosen key), and a
 * completion is counted under its key's shard ({@link ShardKeys}), so throughput can be split by the group owning
 * each shard. A failed operation (after the client's own retries) counts as an error; the client then waits 1 ms
 * (off the completing thread) and goes on.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ShardLoad implements AutoCloseable {
    private static final long SEED = 0x5a4d_10adL;

    private final List<? extends KvClient> clients;
    private final Spec spec;
    private final Recorder latency = new Recorder(LoadWindow.LATENCY_DIGITS);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLongArray perShard;
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopped;
    private long windowStart;
    private long lastCompleted;
    private long lastErrors;
    private long[] lastPerShard;

    /**
     * What the clients do.
     *
     * @param keys       distinct keys ({@code key-000000000000} ...)
     * @param valueBytes the size of each written value
     * @param readRatio  the share of reads, 0 to 1
     * @param shardCount the cluster's number of shards
     */
    public record Spec(int keys, int valueBytes, double readRatio, int shardCount) {
        public Spec {
            if (keys < 1 || valueBytes < 0 || shardCount < 1 || !(readRatio >= 0 && readRatio <= 1)) {
                throw new IllegalArgumentException("keys and shards must be >= 1, value size >= 0 and the read "
                        + "ratio in 0..1; got " + keys + ", " + shardCount + ", " + valueBytes + ", " + readRatio);
            }
        }
    }

    /** A load of one client per element of {@code clients}; nothing runs before {@link #start()}. */
    public ShardLoad(List<? extends KvClient> clients, Spec spec) {
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("a load needs at least one client");
        }
        this.clients = List.copyOf(clients);
        this.spec = Objects.requireNonNull(spec, "spec");
        this.perShard = new AtomicLongArray(spec.shardCount());
        this.lastPerShard = new long[spec.shardCount()];
        this.stopped = new CountDownLatch(clients.size());
    }

    /** Starts every client; the first window begins now. */
    public synchronized void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the load was already started");
        }
        running.set(true);
        windowStart = System.nanoTime();
        for (int i = 0; i < clients.size(); i++) {
            new Loop(clients.get(i), new Workload(SEED + i, spec.keys(), spec.valueBytes(), spec.readRatio()))
                    .next();
        }
    }

    /** What happened since the previous window (or the start); the next window begins now. */
    public synchronized LoadWindow window() {
        long end = System.nanoTime();
        long done = completed.get();
        long failed = errors.get();
        long[] shards = new long[perShard.length()];
        long[] delta = new long[shards.length];
        for (int s = 0; s < shards.length; s++) {
            shards[s] = perShard.get(s);
            delta[s] = shards[s] - lastPerShard[s];
        }
        LoadWindow w = new LoadWindow(windowStart, end, done - lastCompleted, failed - lastErrors, delta,
                latency.getIntervalHistogram());
        windowStart = end;
        lastCompleted = done;
        lastErrors = failed;
        lastPerShard = shards;
        return w;
    }

    /** The first failure's description, or null when nothing failed. */
    public String firstError() {
        return firstError.get();
    }

    /**
     * Stops the clients and waits up to {@code timeout} for their last operations; true when all ended (at once
     * for a load never started).
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        running.set(false);
        return !started.get() || stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the clients without waiting. */
    @Override
    public void close() {
        running.set(false);
    }

    /** One closed-loop client. */
    private final class Loop {
        private final KvClient client;
        private final Workload workload;

        Loop(KvClient client, Workload workload) {
            this.client = client;
            this.workload = workload;
        }

        void next() {
            if (!running.get()) {
                stopped.countDown();
                return;
            }
            boolean read = workload.nextIsRead();
            byte[] key = workload.nextKey();
            int shard = ShardKeys.shardOf(key, spec.shardCount());
            long t0 = System.nanoTime();
            CompletableFuture<?> op;
            try {
                op = read ? client.getAsync(key) : client.putAsync(key, workload.nextValue());
            } catch (RuntimeException e) {
                op = CompletableFuture.failedFuture(e);
            }
            op.whenComplete((r, e) -> {
                if (e == null) {
                    latency.recordValue(System.nanoTime() - t0);
                    perShard.incrementAndGet(shard);
                    completed.incrementAndGet();
                    next();
                } else {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    firstError.compareAndSet(null, cause.toString());
                    errors.incrementAndGet();
                    // Off this stack: a failure that completes at once must not recurse.
                    CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS).execute(this::next);
                }
            });
        }
    }
}

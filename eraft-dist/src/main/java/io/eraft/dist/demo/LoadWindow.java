package io.eraft.dist.demo;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link ShardLoad} did between two readings: completed operations (in all and per shard), failed ones and
 * the completed operations' latencies. Immutable: the accessors return copies.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class LoadWindow {
    /**
     * Significant digits of the latency histograms: 2 keeps a percentile within 1% and a window's histogram near
     * 24 KB (3 digits would take about 160 KB per window, and a run keeps every window).
     */
    static final int LATENCY_DIGITS = 2;

    private final long startNanos;
    private final long endNanos;
    private final long completed;
    private final long errors;
    private final long[] perShard;
    private final Histogram latencyNanos;

    /**
     * @param startNanos   when the window began ({@link System#nanoTime()})
     * @param endNanos     when it ended
     * @param completed    operations that completed in it
     * @param errors       operations that failed in it
     * @param perShard     completed operations per shard, by shard number
     * @param latencyNanos the completed operations' latencies in nanoseconds
     */
    public LoadWindow(long startNanos, long endNanos, long completed, long errors, long[] perShard,
                      Histogram latencyNanos) {
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("a window ends after it starts: " + startNanos + " > " + endNanos);
        }
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.completed = completed;
        this.errors = errors;
        this.perShard = perShard.clone();
        this.latencyNanos = Objects.requireNonNull(latencyNanos, "latencyNanos").copy();
    }

    /** The windows' sum: from the first's start to the last's end. @throws IllegalArgumentException when empty */
    public static LoadWindow merge(List<LoadWindow> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no windows to merge");
        }
        long[] shards = new long[windows.get(0).perShard.length];
        Histogram latency = new Histogram(LATENCY_DIGITS);
        long done = 0;
        long failed = 0;
        for (LoadWindow w : windows) {
            done += w.completed;
            failed += w.errors;
            latency.add(w.latencyNanos);
            for (int s = 0; s < shards.length; s++) {
                shards[s] += w.perShard[s];
            }
        }
        return new LoadWindow(windows.get(0).startNanos, windows.get(windows.size() - 1).endNanos, done, failed,
                shards, latency);
    }

    public long startNanos() {
        return startNanos;
    }

    public long endNanos() {
        return endNanos;
    }

    public double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    public long completed() {
        return completed;
    }

    public long errors() {
        return errors;
    }

    /** Completed operations per second of the window (0 for an empty window). */
    public double opsPerSecond() {
        return endNanos == startNanos ? 0 : completed / seconds();
    }

    /** Errors per second of the window. */
    public double errorsPerSecond() {
        return endNanos == startNanos ? 0 : errors / seconds();
    }

    /** Operations that completed on keys of {@code shard}. */
    public long completedInShard(int shard) {
        return perShard[shard];
    }

    public int shardCount() {
        return perShard.length;
    }

    /** The latency at {@code percentile} in milliseconds; 0 when nothing completed. */
    public double latencyMillis(double percentile) {
        return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getValueAtPercentile(percentile) / 1e6;
    }

    /** A copy of the latency histogram (nanoseconds). */
    public Histogram latencyNanos() {
        return latencyNanos.copy();
    }
}

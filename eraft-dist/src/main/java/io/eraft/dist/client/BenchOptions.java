package io.eraft.dist.client;

import java.time.Duration;
import java.util.Objects;

/**
 * What a KV benchmark runs: closed-loop clients (each keeps one operation in flight) over uniformly chosen keys.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param clients    concurrent clients
 * @param duration   how long to run; null when {@code ops} decides
 * @param ops        how many operations to run in all; 0 when {@code duration} decides
 * @param keys       how many distinct keys the operations choose from
 * @param valueBytes the size of each written value
 * @param readRatio  the share of operations that are reads (linearizable gets), 0 to 1; the rest are puts
 * @param warmup     how long the workload runs before measuring starts (timed runs only); zero for none
 */
public record BenchOptions(int clients, Duration duration, long ops, int keys, int valueBytes, double readRatio,
                           Duration warmup) {
    public BenchOptions {
        Objects.requireNonNull(warmup, "warmup");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must not be negative, was " + warmup);
        }
        if (!warmup.isZero() && duration == null) {
            throw new IllegalArgumentException("a warmup needs a timed run (a duration), not an operation count");
        }
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be >= 1, was " + clients);
        }
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be >= 1, was " + keys);
        }
        if (valueBytes < 0) {
            throw new IllegalArgumentException("value size must be >= 0 bytes, was " + valueBytes);
        }
        if (!(readRatio >= 0 && readRatio <= 1)) {
            throw new IllegalArgumentException("read ratio must be between 0 and 1, was " + readRatio);
        }
        if (ops < 0) {
            throw new IllegalArgumentException("ops must be >= 0, was " + ops);
        }
        if (duration == null && ops == 0) {
            throw new IllegalArgumentException("give a duration or an operation count");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
    }

    /** A run of {@code duration}. */
    public static BenchOptions timed(int clients, Duration duration, int keys, int valueBytes, double readRatio) {
        return new BenchOptions(clients, Objects.requireNonNull(duration, "duration"), 0, keys, valueBytes,
                readRatio, Duration.ZERO);
    }

    /** A run of {@code ops} operations. */
    public static BenchOptions counted(int clients, long ops, int keys, int valueBytes, double readRatio) {
        if (ops < 1) {
            throw new IllegalArgumentException("ops must be >= 1, was " + ops);
        }
        return new BenchOptions(clients, null, ops, keys, valueBytes, readRatio, Duration.ZERO);
    }

    /** These options with a warmup of {@code time} before measuring. */
    public BenchOptions withWarmup(Duration time) {
        return new BenchOptions(clients, duration, ops, keys, valueBytes, readRatio, time);
    }
}

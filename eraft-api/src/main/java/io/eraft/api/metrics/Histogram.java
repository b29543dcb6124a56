package io.eraft.api.metrics;

import java.util.concurrent.TimeUnit;

/**
 * A distribution of observed values (a Prometheus histogram). Its unit is the suffix of its name: {@code _seconds}
 * (durations), {@code _bytes} (sizes), anything else a plain count (entries per fsync, commands per batch); the
 * registry picks buckets that fit the unit. Thread-safe.
 */
public interface Histogram {
    /** A histogram that records nothing. */
    Histogram NOOP = v -> { };

    /** Records one value in the histogram's unit. */
    void observe(double value);

    /** Records a duration given in nanoseconds (for a {@code _seconds} histogram). */
    default void observeNanos(long nanos) {
        observe(nanos / (double) TimeUnit.SECONDS.toNanos(1));
    }
}

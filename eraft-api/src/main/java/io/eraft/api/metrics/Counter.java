package io.eraft.api.metrics;

/** A count of events that only goes up (a Prometheus counter; its name ends in {@code _total}). Thread-safe. */
public interface Counter {
    /** A counter that records nothing. */
    Counter NOOP = n -> { };

    /** Counts one event. */
    default void inc() {
        add(1);
    }

    /** Counts {@code n} events ({@code n >= 0}). */
    void add(long n);
}

package io.eraft.shardkv.linearizability;

import java.time.Duration;

/** A time budget measured on the monotonic clock from its creation. */
final class Budget {
    private final Duration budget;
    private final long budgetNanos;
    private final long startNanos = System.nanoTime();

    Budget(Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("the time budget must not be negative, got " + budget);
        }
        this.budget = budget;
        this.budgetNanos = budget.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : budget.toNanos();
    }

    boolean exhausted() {
        return System.nanoTime() - startNanos >= budgetNanos;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    Duration total() {
        return budget;
    }
}

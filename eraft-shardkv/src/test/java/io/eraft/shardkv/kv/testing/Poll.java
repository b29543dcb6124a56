package io.eraft.shardkv.kv.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline, checking every few milliseconds (never a busy loop). */
public final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(10);

    private Poll() {
    }

    /** Checks {@code condition} until it holds (true) or {@code timeout} passes (false). */
    public static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            pause(INTERVAL);
        }
        return true;
    }

    /** Sleeps {@code duration}; an interrupt (a test timeout) ends the test. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting (test timed out?)", e);
        }
    }
}

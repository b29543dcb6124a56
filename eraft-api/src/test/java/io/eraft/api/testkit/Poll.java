package io.eraft.api.testkit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition with a deadline, on Awaitility: the condition is checked at once, then every
 * {@link #INTERVAL}, in the calling thread (so a test's timeout interrupts the wait), and exceptions of other
 * threads are left to them. For waits that should fail the test with a message, use {@link #await(String,
 * Duration, BooleanSupplier)} or Awaitility directly.
 */
public final class Poll {
    /** Time between two checks. */
    public static final Duration INTERVAL = Duration.ofMillis(10);

    private Poll() {
    }

    /** Checks {@code condition} until it holds (true) or {@code timeout} passes (false). */
    public static boolean until(Duration timeout, BooleanSupplier condition) {
        try {
            await(null, timeout, condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /**
     * Checks {@code condition} until it holds.
     *
     * @param what what is awaited, for the failure's message (may be null)
     * @throws ConditionTimeoutException naming {@code what} when {@code timeout} passes first
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        (what == null ? Awaitility.await() : Awaitility.await(what))
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(INTERVAL)
                .pollInSameThread()
                .dontCatchUncaughtExceptions()
                .until(condition::getAsBoolean);
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

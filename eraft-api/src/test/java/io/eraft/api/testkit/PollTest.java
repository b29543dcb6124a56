package io.eraft.api.testkit;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollTest {

    @Test
    void conditionThatHoldsAlreadyIsCheckedOnceWithoutWaiting() {
        AtomicInteger checks = new AtomicInteger();
        long start = System.nanoTime();
        assertTrue(Poll.until(Duration.ofSeconds(10), () -> checks.incrementAndGet() > 0));
        assertEquals(1, checks.get());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void conditionIsCheckedAgainInTheCallingThreadUntilItHolds() {
        AtomicInteger checks = new AtomicInteger();
        Thread caller = Thread.currentThread();
        assertTrue(Poll.until(Duration.ofSeconds(30), () -> {
            assertSame(caller, Thread.currentThread());
            return checks.incrementAndGet() == 5;
        }));
        assertEquals(5, checks.get());
    }

    @Test
    void conditionThatNeverHoldsGivesFalseAfterTheTimeout() {
        long start = System.nanoTime();
        assertFalse(Poll.until(Duration.ofMillis(200), () -> false));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
    }

    @Test
    void awaitThatTimesOutFailsNamingWhatItAwaited() {
        ConditionTimeoutException e = assertThrows(ConditionTimeoutException.class,
                () -> Poll.await("the leader to step down", Duration.ofMillis(100), () -> false));
        assertTrue(e.getMessage().contains("the leader to step down"), e.getMessage());
    }

    @Test
    void exceptionThrownByTheConditionEndsTheWait() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Poll.until(Duration.ofSeconds(10), () -> {
                    throw new IllegalStateException("node crashed");
                }));
        assertEquals("node crashed", e.getMessage());
    }

    @Test
    void interruptedPauseEndsWithIllegalStateAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Poll.pause(Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertTrue(Thread.interrupted(), "the interrupt flag is set again (and cleared here)");
    }
}

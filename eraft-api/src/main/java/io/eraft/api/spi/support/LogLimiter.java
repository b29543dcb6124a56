package io.eraft.api.spi.support;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Rate-limits a kind of log line, so that a flood (garbage connections, forged messages) cannot fill the disk
 * through the log: at most {@code burst} lines per {@code window}; the lines over that are counted and summarised in
 * the next line that is let through. Thread-safe.
 *
 * <pre>{@code
 * LogLimiter.Permit p = limiter.tryAcquire();
 * if (p.allowed()) LOG.warn("refused ...{}", p.suppressedNote());
 * }</pre>
 */
public final class LogLimiter {
    private final int burst;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int inWindow;
    private long suppressed;

    /**
     * @param burst  lines let through in each window
     * @param window length of a window
     * @param unit   unit of {@code window}
     */
    public LogLimiter(int burst, long window, TimeUnit unit) {
        this(burst, unit.toNanos(window), System::nanoTime);
    }

    /** With an injectable clock, for tests. */
    public LogLimiter(int burst, long windowNanos, LongSupplier nanoClock) {
        if (burst < 1 || windowNanos < 1) {
            throw new IllegalArgumentException("burst and window must be positive: " + burst + ", " + windowNanos);
        }
        this.burst = burst;
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** 10 lines per 10 seconds: the default for refusals of bad input from the network. */
    public static LogLimiter forRefusals() {
        return new LogLimiter(10, 10, TimeUnit.SECONDS);
    }

    /** Whether to log this line now, and how many were suppressed since the last one let through. */
    public synchronized Permit tryAcquire() {
        long now = nanoClock.getAsLong();
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow >= burst) {
            suppressed++;
            return Permit.DENIED;
        }
        inWindow++;
        long s = suppressed;
        suppressed = 0;
        return new Permit(true, s);
    }

    /** Lines suppressed since the last one let through. */
    public synchronized long suppressed() {
        return suppressed;
    }

    /**
     * @param allowed    log this line
     * @param suppressed lines of this kind not logged since the previous one that was
     */
    public record Permit(boolean allowed, long suppressed) {
        static final Permit DENIED = new Permit(false, 0);

        /** "" or " (N similar lines suppressed)", to append to the line. */
        public String suppressedNote() {
            return suppressed == 0 ? "" : " (" + suppressed + " similar lines suppressed)";
        }
    }
}

package io.eraft.transport.netty;

import java.util.concurrent.TimeUnit;

/**
 * When the next connection attempt to a peer may start: at once until an attempt fails, then after a delay that
 * doubles with each failure (50 ms up to 2 s); a connection that completes its handshake resets it. Not thread-safe.
 */
final class Backoff {
    static final long FIRST_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final long MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private int failures;
    private long nextAttemptNanos;

    /** Nanoseconds until the next attempt may start, 0 if it may start now. */
    long remainingNanos(long nowNanos) {
        return failures == 0 ? 0 : Math.max(0, nextAttemptNanos - nowNanos);
    }

    void failed(long nowNanos) {
        failures++;
        long delay = Math.min(MAX_DELAY_NANOS, FIRST_DELAY_NANOS << Math.min(failures - 1, 16));
        nextAttemptNanos = nowNanos + delay;
    }

    void reset() {
        failures = 0;
    }
}

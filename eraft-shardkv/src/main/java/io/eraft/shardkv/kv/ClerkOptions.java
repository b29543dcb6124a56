package io.eraft.shardkv.kv;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link KvClerk} retries.
 *
 * @param requestTimeout   how long one attempt at one server may take before the clerk tries another
 * @param operationTimeout how long an operation may take in all, retries included, before it fails with
 *                         {@link KvTimeoutException}
 * @param minBackoff       the pause after a full round of servers failed; doubled after each further round
 * @param maxBackoff       the longest pause
 * @param limits           key and value size limits, checked before sending
 */
public record ClerkOptions(Duration requestTimeout, Duration operationTimeout, Duration minBackoff,
                           Duration maxBackoff, KvLimits limits) {
    /** 1 s per attempt, 30 s per operation, pauses of 5 to 100 ms, {@link KvLimits#DEFAULT}. */
    public static final ClerkOptions DEFAULT = new ClerkOptions(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMillis(5), Duration.ofMillis(100), KvLimits.DEFAULT);

    public ClerkOptions {
        positive("requestTimeout", requestTimeout);
        positive("operationTimeout", operationTimeout);
        positive("minBackoff", minBackoff);
        positive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below minBackoff " + minBackoff);
        }
        Objects.requireNonNull(limits, "limits");
    }

    public ClerkOptions withRequestTimeout(Duration timeout) {
        return new ClerkOptions(timeout, operationTimeout, minBackoff, maxBackoff, limits);
    }

    public ClerkOptions withOperationTimeout(Duration timeout) {
        return new ClerkOptions(requestTimeout, timeout, minBackoff, maxBackoff, limits);
    }

    public ClerkOptions withLimits(KvLimits newLimits) {
        return new ClerkOptions(requestTimeout, operationTimeout, minBackoff, maxBackoff, newLimits);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}

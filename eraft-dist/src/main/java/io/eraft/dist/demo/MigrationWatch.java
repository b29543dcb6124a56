package io.eraft.dist.demo;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits for a {@link LocalShardedCluster}'s groups to settle on a configuration (every leader has applied it and
 * serves all the shards it holds), polling their status, and optionally reports the shard states as they change: a
 * line on every change (at most one per {@link #MIN_GAP}) and at least one a second.
 */
final class MigrationWatch {
    /** How waiting ended. */
    enum Outcome { SETTLED, TIMED_OUT, STOPPED }

    private static final long POLL_MILLIS = 20;
    private static final Duration MIN_GAP = Duration.ofMillis(100);
    private static final Duration MAX_GAP = Duration.ofSeconds(1);

    private final LocalShardedCluster cluster;
    private final CountDownLatch stopped;
    private final Duration timeout;

    /** @param stopped ends the wait early when counted down */
    MigrationWatch(LocalShardedCluster cluster, CountDownLatch stopped, Duration timeout) {
        this.cluster = cluster;
        this.stopped = stopped;
        this.timeout = timeout;
    }

    /** Waits for configuration {@code num}, without reporting. */
    Outcome await(long num) throws InterruptedException {
        return await(num, System.nanoTime(), null);
    }

    /**
     * Waits for configuration {@code num}.
     *
     * @param start when the change began ({@link System#nanoTime()}); the lines count time from it
     * @param lines receives {@code "+0.12s shards: g1: 8 shards, 3 BEING_PULLED | ..."} lines; null for none
     */
    Outcome await(long num, long start, Consumer<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastLine = start - MAX_GAP.toNanos();
        String last = null;
        while (true) {
            var status = cluster.status();
            if (status.stream().allMatch(s -> s.settledAt(num))) {
                return Outcome.SETTLED;
            }
            long now = System.nanoTime();
            String shown = LocalShardedCluster.describe(status);
            long gap = now - lastLine;
            if (lines != null && (gap >= MAX_GAP.toNanos() || (!shown.equals(last) && gap >= MIN_GAP.toNanos()))) {
                lines.accept(String.format(Locale.ROOT, "%+7.2fs shards: %s", (now - start) / 1e9, shown));
                last = shown;
                lastLine = now;
            }
            if (now - deadline >= 0) {
                return Outcome.TIMED_OUT;
            }
            if (stopped.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                return Outcome.STOPPED;
            }
        }
    }
}

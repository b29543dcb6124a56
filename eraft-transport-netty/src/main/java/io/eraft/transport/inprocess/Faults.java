package io.eraft.transport.inprocess;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The network's fault settings and the random choices they call for (the model is MIT 6.824's labrpc). Every choice
 * comes from one {@link Random} seeded by the network, so a run that sends in the same order makes the same choices.
 * The reliable path draws nothing.
 */
final class Faults {
    /** A delay that means the message is lost. */
    static final long DROP = -1;

    private static final int LOSS_PER_MILLE = 100;
    private static final int MAX_SHORT_DELAY_MS = 26;
    private static final int REORDER_CHANCE = 600;
    private static final int REORDER_OUT_OF = 900;
    private static final int MIN_REORDER_DELAY_MS = 200;
    private static final int MAX_EXTRA_REORDER_DELAY_MS = 2000;

    private final Random random;
    private volatile boolean reliable = true;
    private volatile boolean longDelays;
    private volatile boolean longReordering;

    Faults(long seed) {
        this.random = new Random(seed);
    }

    void setReliable(boolean reliable) {
        this.reliable = reliable;
    }

    void setLongDelays(boolean on) {
        this.longDelays = on;
    }

    void setLongReordering(boolean on) {
        this.longReordering = on;
    }

    /** Nanoseconds to hold a request back, or {@link #DROP}. */
    long requestDelayNanos() {
        if (reliable) {
            return 0;
        }
        return lost() ? DROP : shortDelayNanos();
    }

    /** Nanoseconds to hold a reply back, or {@link #DROP}. */
    long replyDelayNanos() {
        long delay = 0;
        if (!reliable) {
            if (lost()) {
                return DROP;
            }
            delay = shortDelayNanos();
        }
        if (longReordering && random.nextInt(REORDER_OUT_OF) < REORDER_CHANCE) {
            int extraMs = MIN_REORDER_DELAY_MS + random.nextInt(1 + random.nextInt(MAX_EXTRA_REORDER_DELAY_MS));
            delay += TimeUnit.MILLISECONDS.toNanos(extraMs);
        }
        return delay;
    }

    /** Nanoseconds before telling a sender its target is unreachable: none, or up to its timeout with long delays. */
    long unreachableDelayNanos(long timeoutNanos) {
        return longDelays ? random.nextLong(timeoutNanos) : 0;
    }

    private boolean lost() {
        return random.nextInt(1000) < LOSS_PER_MILLE;
    }

    private long shortDelayNanos() {
        return TimeUnit.MILLISECONDS.toNanos(random.nextInt(MAX_SHORT_DELAY_MS + 1));
    }
}

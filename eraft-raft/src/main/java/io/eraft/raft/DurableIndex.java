package io.eraft.raft;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The highest log index known to be on stable storage. Appends complete in call order, each with the last index it
 * wrote; a later append that truncated a conflicting suffix makes part of what an earlier append wrote no longer
 * count, so each completion is capped by the truncations called after it.
 */
final class DurableIndex {
    private record Truncation(long seq, long keptUpTo) {
    }

    private final Deque<Truncation> truncations = new ArrayDeque<>();
    private long seq;
    private long durable;

    DurableIndex(long durable) {
        this.durable = durable;
    }

    long get() {
        return durable;
    }

    /**
     * Registers an append about to be called; returns its ticket.
     *
     * @param firstIndex the first index it writes; below the current end it truncates from there
     * @param lastIndex  the log's last index before the append
     */
    long beforeAppend(long firstIndex, long lastIndex) {
        long ticket = ++seq;
        if (firstIndex <= lastIndex) {
            truncations.addLast(new Truncation(ticket, firstIndex - 1));
            durable = Math.min(durable, firstIndex - 1);
        }
        return ticket;
    }

    /** The append with {@code ticket} is durable through {@code lastWritten}. Returns the new durable index. */
    long completed(long ticket, long lastWritten) {
        while (!truncations.isEmpty() && truncations.peekFirst().seq() <= ticket) {
            truncations.pollFirst();
        }
        long cap = lastWritten;
        for (Truncation t : truncations) {
            cap = Math.min(cap, t.keptUpTo());
        }
        durable = Math.max(durable, cap);
        return durable;
    }

    /** The log was replaced (snapshot install): everything up to {@code index} is durable, nothing after it. */
    void reset(long index) {
        truncations.clear();
        durable = index;
    }
}

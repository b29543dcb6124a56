package io.eraft.persister.core;

import io.eraft.api.log.LogCompactedException;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogUnavailableException;
import io.eraft.api.log.SnapshotMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The in-memory index of a Raft log: one slot per held entry, contiguous from {@link #firstIndex()} to
 * {@link #lastIndex()}, after the snapshot described by {@link #snapshot()}. It enforces the
 * {@link io.eraft.api.log.LogStore} rules (bounds, contiguity, truncation of a conflicting suffix) so every store
 * checks them the same way; what a slot holds (the entry itself, or where it lies on disk) is up to the store.
 *
 * <p>Not thread-safe: the owning store guards it.
 *
 * <p>Internal: a part of the segmented log; io.eraft.persister does not export it (use its providers).
 *
 * @param <T> what one slot holds
 */
public final class LogTable<T> {
    private final ToLongFunction<T> termOf;
    private final ArrayList<T> slots = new ArrayList<>();
    private SnapshotMeta snapshot;

    /**
     * @param snapshot where the log starts
     * @param termOf   the term of the entry a slot stands for
     */
    public LogTable(SnapshotMeta snapshot, ToLongFunction<T> termOf) {
        this.snapshot = snapshot;
        this.termOf = termOf;
    }

    /** An independent table with the same snapshot and slots (the slots themselves are shared). */
    public LogTable<T> copy() {
        LogTable<T> copy = new LogTable<>(snapshot, termOf);
        copy.slots.addAll(slots);
        return copy;
    }

    public SnapshotMeta snapshot() {
        return snapshot;
    }

    public long firstIndex() {
        return snapshot.index() + 1;
    }

    public long lastIndex() {
        return snapshot.index() + slots.size();
    }

    /**
     * The term of the entry at {@code index}; the snapshot index gives the snapshot term.
     *
     * @throws LogCompactedException   if {@code index} is before the snapshot index
     * @throws LogUnavailableException if {@code index} is after the last index
     */
    public long term(long index) {
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        return termOf.applyAsLong(get(index));
    }

    /**
     * The slot of {@code index}.
     *
     * @throws LogCompactedException   if {@code index} is at or below the snapshot index
     * @throws LogUnavailableException if {@code index} is after the last index
     */
    public T get(long index) {
        if (index < firstIndex()) {
            throw new LogCompactedException("log index " + index + " is compacted: the log starts at " + firstIndex()
                    + " after snapshot " + snapshot.index() + "@" + snapshot.term());
        }
        if (index > lastIndex()) {
            throw new LogUnavailableException("log index " + index + " is unavailable: the log ends at "
                    + lastIndex());
        }
        return slots.get((int) (index - firstIndex()));
    }

    /**
     * The slots from {@code fromIndex} (inclusive) to {@code toIndex} (exclusive), stopping before the slot that
     * would take their total size above {@code maxBytes}; the first slot is always included.
     *
     * @throws LogCompactedException   if {@code fromIndex} is below the first index
     * @throws LogUnavailableException if {@code toIndex} is past lastIndex + 1
     * @throws IllegalArgumentException if {@code fromIndex > toIndex}
     */
    public List<T> slice(long fromIndex, long toIndex, long maxBytes, ToLongFunction<T> sizeOf) {
        if (fromIndex > toIndex) {
            throw new IllegalArgumentException("fromIndex " + fromIndex + " is after toIndex " + toIndex);
        }
        if (fromIndex < firstIndex()) {
            throw new LogCompactedException("log index " + fromIndex + " is compacted: the log starts at "
                    + firstIndex() + " after snapshot " + snapshot.index() + "@" + snapshot.term());
        }
        if (toIndex > lastIndex() + 1) {
            throw new LogUnavailableException("log entries up to " + (toIndex - 1) + " are unavailable: the log ends at "
                    + lastIndex());
        }
        List<T> out = new ArrayList<>();
        long total = 0;
        for (long i = fromIndex; i < toIndex; i++) {
            T slot = slots.get((int) (i - firstIndex()));
            long size = sizeOf.applyAsLong(slot);
            if (!out.isEmpty() && total + size > maxBytes) {
                break;
            }
            out.add(slot);
            total += size;
        }
        return out;
    }

    /**
     * Checks that {@code entries} may be appended: contiguous, starting after the snapshot index and at most at
     * lastIndex + 1.
     *
     * @throws IllegalArgumentException if the entries are not contiguous
     * @throws LogCompactedException    if the first index is at or below the snapshot index
     * @throws LogUnavailableException  if the first index is above lastIndex + 1
     */
    public void checkAppend(List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long first = entries.get(0).index();
        for (int k = 1; k < entries.size(); k++) {
            if (entries.get(k).index() != first + k) {
                throw new IllegalArgumentException("entries to append must be contiguous: index "
                        + entries.get(k).index() + " follows " + entries.get(k - 1).index());
            }
        }
        if (first <= snapshot.index()) {
            throw new LogCompactedException("cannot append at index " + first + ": it is at or below the snapshot index "
                    + snapshot.index());
        }
        if (first > lastIndex() + 1) {
            throw new LogUnavailableException("cannot append at index " + first + ": the log ends at " + lastIndex()
                    + ", so that would leave a gap");
        }
    }

    /** Removes the slots from {@code index} on and returns them (empty if {@code index > lastIndex()}). */
    public List<T> truncateFrom(long index) {
        if (index <= snapshot.index()) {
            throw new LogCompactedException("cannot truncate at index " + index + ": it is at or below the snapshot index "
                    + snapshot.index());
        }
        if (index > lastIndex()) {
            return List.of();
        }
        List<T> tail = slots.subList((int) (index - firstIndex()), slots.size());
        List<T> removed = new ArrayList<>(tail);
        tail.clear();
        return removed;
    }

    /** Adds the slot of index lastIndex + 1. */
    public void add(T slot) {
        slots.add(slot);
    }

    /**
     * Drops every slot up to and including {@code meta.index()} and makes {@code meta} the snapshot. A meta at or
     * below the current snapshot index changes nothing; one past the last index empties the log.
     *
     * @return whether anything changed
     * @throws IllegalArgumentException if the log holds {@code meta.index()} with a term other than
     *                                  {@code meta.term()}
     */
    public boolean compact(SnapshotMeta meta) {
        checkCompact(meta);
        if (meta.index() <= snapshot.index()) {
            return false;
        }
        if (meta.index() <= lastIndex()) {
            slots.subList(0, (int) (meta.index() - snapshot.index())).clear();
        } else {
            slots.clear();
        }
        snapshot = meta;
        return true;
    }

    /**
     * Checks that {@link #compact(SnapshotMeta)} would accept {@code meta}.
     *
     * @throws IllegalArgumentException if the log holds {@code meta.index()} with a term other than
     *                                  {@code meta.term()}
     */
    public void checkCompact(SnapshotMeta meta) {
        if (meta.index() > snapshot.index() && meta.index() <= lastIndex()) {
            long held = term(meta.index());
            if (held != meta.term()) {
                throw new IllegalArgumentException("cannot compact to " + meta.index() + "@" + meta.term()
                        + ": the log holds index " + meta.index() + " with term " + held);
            }
        }
    }

    /** Replaces the whole log with an empty one starting after {@code meta}. */
    public void reset(SnapshotMeta meta) {
        slots.clear();
        snapshot = meta;
    }
}

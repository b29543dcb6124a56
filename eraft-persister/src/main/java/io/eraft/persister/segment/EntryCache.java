package io.eraft.persister.segment;

import io.eraft.persister.core.LogTable;

import java.util.List;

/**
 * Bounds the entries a segmented log keeps in memory. Every appended entry starts cached; once the writer has put
 * it in its file, the oldest cached entries are dropped (oldest first) while the cache is over its limit, and reads
 * of dropped entries go to the file. Entries not yet written are never dropped, so the cache may exceed its limit
 * while the writer is behind. Not thread-safe: the store's lock guards it, and the {@link Slot#cached} fields.
 */
final class EntryCache {
    private final long limitBytes;
    private long bytes;
    /** Every slot below this index is uncached. */
    private long cursor;

    EntryCache(long limitBytes, long firstIndex) {
        this.limitBytes = limitBytes;
        this.cursor = firstIndex;
    }

    long bytes() {
        return bytes;
    }

    void added(Slot slot) {
        if (slot.cached != null) {
            bytes += slot.cached.sizeInBytes();
        }
    }

    /** The slots from {@code fromIndex} on were removed. */
    void truncated(long fromIndex, List<Slot> removed) {
        for (Slot s : removed) {
            drop(s);
        }
        cursor = Math.min(cursor, fromIndex);
    }

    /** The slots up to {@code upTo} are about to be compacted away. */
    void beforeCompact(LogTable<Slot> table, long upTo) {
        long last = Math.min(upTo, table.lastIndex());
        for (long i = Math.max(cursor, table.firstIndex()); i <= last; i++) {
            drop(table.get(i));
        }
        cursor = Math.max(cursor, upTo + 1);
    }

    /** The log was replaced by an empty one starting at {@code firstIndex}. */
    void reset(long firstIndex) {
        bytes = 0;
        cursor = firstIndex;
    }

    /** Drops the oldest cached entries written by calls up to {@code writtenSeq} while over the limit. */
    void evict(LogTable<Slot> table, long writtenSeq) {
        cursor = Math.max(cursor, table.firstIndex());
        while (bytes > limitBytes && cursor <= table.lastIndex()) {
            Slot s = table.get(cursor);
            if (s.seq > writtenSeq) {
                return;
            }
            drop(s);
            cursor++;
        }
    }

    private void drop(Slot s) {
        if (s.cached != null) {
            bytes -= s.cached.sizeInBytes();
            s.cached = null;
        }
    }
}

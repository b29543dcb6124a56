package io.eraft.persister.segment;

import io.eraft.api.log.LogEntry;

/**
 * Where one held entry lies: its segment, offset and record length, the write that put it there ({@code seq}),
 * its {@link LogEntry#sizeInBytes()} (so reads can apply a byte limit without reading it), and, while it is cached,
 * the entry itself. {@code cached} is guarded by the store's lock.
 */
final class Slot {
    final long term;
    final long seq;
    final long segment;
    final long offset;
    final int length;
    final int entrySize;
    LogEntry cached;

    /**
     * @param entry the entry, which stays cached when {@code cache} is true
     */
    Slot(LogEntry entry, long seq, long segment, long offset, int length, boolean cache) {
        this.term = entry.term();
        this.seq = seq;
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        this.entrySize = entry.sizeInBytes();
        this.cached = cache ? entry : null;
    }

    long entrySize() {
        return entrySize;
    }
}

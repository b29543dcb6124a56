package io.eraft.persister;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.SnapshotMeta;
import io.eraft.persister.core.LogTable;

/**
 * A whole log held in memory: entries, snapshot point and hard state, changed by {@link MemoryOp}s. A
 * {@link MemoryLogStore} keeps one as its working copy (changed at once, so reads see every write) and its
 * {@link DurableMemoryLog} keeps one as what survives a crash (changed when synced). Not thread-safe.
 */
final class MemoryLogState {
    private final LogTable<LogEntry> table;
    private HardState hardState;
    private long bytes;

    MemoryLogState() {
        this(new LogTable<>(SnapshotMeta.NONE, LogEntry::term), HardState.INITIAL, 0);
    }

    private MemoryLogState(LogTable<LogEntry> table, HardState hardState, long bytes) {
        this.table = table;
        this.hardState = hardState;
        this.bytes = bytes;
    }

    MemoryLogState copy() {
        return new MemoryLogState(table.copy(), hardState, bytes);
    }

    LogTable<LogEntry> table() {
        return table;
    }

    HardState hardState() {
        return hardState;
    }

    /** {@link LogEntry#sizeInBytes()} of the held entries. */
    long bytes() {
        return bytes;
    }

    /**
     * Checks that {@code op} is allowed, then applies it.
     *
     * @throws IllegalArgumentException                  if appended entries are not contiguous, or a compaction
     *                                                   names a term the log does not hold there
     * @throws io.eraft.api.log.LogCompactedException   if entries would be appended at or below the snapshot
     * @throws io.eraft.api.log.LogUnavailableException if entries would be appended after a gap
     */
    void apply(MemoryOp op) {
        if (op instanceof MemoryOp.Append a) {
            table.checkAppend(a.entries());
            if (!a.entries().isEmpty()) {
                for (LogEntry removed : table.truncateFrom(a.entries().get(0).index())) {
                    bytes -= removed.sizeInBytes();
                }
                for (LogEntry e : a.entries()) {
                    table.add(e);
                    bytes += e.sizeInBytes();
                }
            }
        } else if (op instanceof MemoryOp.SaveHardState h) {
            hardState = h.state();
        } else if (op instanceof MemoryOp.Compact c) {
            table.checkCompact(c.meta());
            long last = Math.min(c.meta().index(), table.lastIndex());
            for (long i = table.firstIndex(); i <= last; i++) {
                bytes -= table.get(i).sizeInBytes();
            }
            table.compact(c.meta());
        } else if (op instanceof MemoryOp.Reset r) {
            table.reset(r.meta());
            bytes = 0;
        } else {
            throw new IllegalStateException("unknown memory log op " + op);
        }
    }
}

package io.eraft.persister;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.SnapshotMeta;

import java.util.List;

/** One mutating call on a {@link MemoryLogStore}, replayed on its durable state when synced. */
sealed interface MemoryOp {

    record Append(List<LogEntry> entries) implements MemoryOp {
    }

    record SaveHardState(HardState state) implements MemoryOp {
    }

    record Compact(SnapshotMeta meta) implements MemoryOp {
    }

    record Reset(SnapshotMeta meta) implements MemoryOp {
    }
}

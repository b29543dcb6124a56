package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.SnapshotMeta;

import java.util.List;

/**
 * One step of disk work, planned by the store on the caller's thread (which fixes every record's segment and
 * offset) and carried out, in order, by the {@link SegmentWriter} thread.
 */
sealed interface WriteOp {

    /** Writes entry records back to back from {@code offset} of {@code segment}. */
    record AppendEntries(long segment, long offset, List<LogEntry> entries) implements WriteOp {
    }

    /** Saves the hard state into its files ({@link HardStateFiles}); only the last one of a batch is written. */
    record SaveHardState(HardState state) implements WriteOp {
    }

    /**
     * Makes the segments so far durable, then creates {@code segment} with its header.
     *
     * @param firstIndex the index of the first entry it will hold
     * @param reset      whether a reset starts it
     */
    record StartSegment(long segment, long firstIndex, boolean reset) implements WriteOp {
    }

    /** Deletes every segment after {@code segment} and cuts {@code segment} at {@code offset}. */
    record Truncate(long segment, long offset) implements WriteOp {
    }

    /**
     * Makes everything so far durable, records {@code snapshot} and {@code firstSegment} in the meta file (the
     * commit point of a compaction or reset), then deletes the segments before {@code firstSegment}.
     */
    record CommitSnapshot(SnapshotMeta snapshot, long firstSegment) implements WriteOp {
    }
}

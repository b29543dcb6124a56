package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;

/** One decoded segment record (see {@link RecordFormat}). */
sealed interface Record {

    /** Opens every segment file. */
    record SegmentHeader(long segmentId) implements Record {
    }

    /** A log entry. */
    record Entry(LogEntry entry) implements Record {
    }

    /** The term and vote as of this point in the log. */
    record HardStateRecord(HardState state) implements Record {
    }
}

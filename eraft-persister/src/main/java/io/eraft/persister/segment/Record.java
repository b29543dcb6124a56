package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;

/** One decoded segment record (see {@link RecordFormat}). */
sealed interface Record {

    /**
     * Opens every segment file.
     *
     * @param firstIndex the index of the first entry the segment holds or will hold; -1 in legacy segments
     * @param reset      whether a reset started the segment
     */
    record SegmentHeader(long segmentId, int version, long firstIndex, boolean reset) implements Record {
        boolean legacy() {
            return version == RecordFormat.LEGACY_VERSION;
        }
    }

    /** A log entry. */
    record Entry(LogEntry entry) implements Record {
    }

    /** The term and vote as of this point in the log (legacy segments only). */
    record HardStateRecord(HardState state) implements Record {
    }
}

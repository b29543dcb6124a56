package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.persister.core.LogTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@link LogInspector} found in a log directory. Up to the first damage: the intact segments and the entries
 * they hold. Filled in by the inspector; read by open ({@link SegmentRecovery}) and {@link LogRepair}.
 */
final class Inspection {

    /**
     * The torn end of the last segment: the unsynced end of the last write, which open cuts.
     *
     * @param validEnd where the intact records end
     * @param bytes    bytes after it
     * @param what     the damaged record, for the log line
     */
    record TornTail(long segment, long validEnd, long bytes, String what) {
    }

    /** The meta file, if there is one and it is intact. */
    Optional<MetaFile> meta = Optional.empty();
    HardStateFiles.Copies hardStates;
    /** Segments below the first one the meta file names: leftovers of a compaction or reset. */
    final List<Long> leftovers = new ArrayList<>();
    /** The intact segments of the log, by id. */
    final TreeMap<Long, SegmentLayout.Segment> segments = new TreeMap<>();
    /** Every segment file at or above the first one, in order (the intact ones and any after the damage). */
    final List<Long> kept = new ArrayList<>();
    LogTable<Slot> table;
    /** The last hard-state record of segments an older version wrote. */
    HardState legacyHardState = HardState.INITIAL;
    /** Whether a segment of the current format exists (then the hard state lives only in its files). */
    boolean currentFormat;
    /** Neither segments nor a meta file: a new log (or one whose first open did not finish). */
    boolean fresh;
    TornTail tornTail;
    /** The last segment, to delete: its creation was interrupted, or it belongs to a reset that never committed. */
    Long unfinished;
    /** The id a new segment gets: above every id in the directory. */
    long nextId = 1;
    /** The first damage found, or null. */
    Damage damage;

    /** The newest intact hard-state copy, or for a new log or one an older version wrote its hard state; else null. */
    HardState hardState() {
        HardStateFiles.Copy newest = hardStates.newest();
        if (newest != null) {
            return newest.saved().state();
        }
        return hardStateInSegments() ? legacyHardState : null;
    }

    /**
     * Whether the hard state comes from the segments (a new log, or one an older version wrote) and is yet to be
     * written into its files.
     */
    boolean hardStateInSegments() {
        return hardStates.newest() == null && (fresh || !currentFormat);
    }

    /** The damage of losing both hard-state copies, or null if the hard state is there. */
    Damage hardStateDamage() {
        if (hardState() != null) {
            return null;
        }
        return new Damage(Damage.Kind.HARD_STATE, hardStates.a().file(), "the hard state (term and vote) is lost: "
                + hardStates.describe(), null);
    }
}

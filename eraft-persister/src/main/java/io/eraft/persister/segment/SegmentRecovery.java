package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogCorruptedException;
import io.eraft.persister.core.LogTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Rebuilds a segmented log from its directory on open. {@link LogInspector} reads it; damage stops the open with
 * {@link LogCorruptedException} before anything is changed. Otherwise this cleans up after a crash: deletes segments
 * a compaction or reset left behind and a last segment whose creation was interrupted, cuts the torn tail of the last
 * segment, and moves the hard state of a log an older version wrote (in its segments) into its files.
 */
final class SegmentRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentRecovery.class);

    /** The recovered state; every segment of the layout is open for writing in the {@link SegmentFiles}. */
    record Recovered(LogTable<Slot> table, HardState hardState, SegmentLayout layout, HardStateFiles hardStates) {
    }

    private SegmentRecovery() {
    }

    /**
     * Recovers the log in {@code files}' directory.
     *
     * @throws LogCorruptedException naming the file, the offset and the repair command, if the log is damaged
     */
    static Recovered recover(SegmentFiles files, long segmentBytes, boolean fsync) throws IOException {
        Path dir = files.directory();
        Inspection in = LogInspector.inspect(files);
        Damage damage = in.damage != null ? in.damage : in.hardStateDamage();
        if (damage != null) {
            throw damage.exception(dir);
        }
        MetaFile.deleteTemp(files.disk(), dir);
        for (long id : in.leftovers) {
            LOG.info("deleting segment {}, left over from a compaction or reset", files.path(id));
            files.delete(id);
        }
        if (in.unfinished != null) {
            LOG.warn("deleting segment file {}: a crash interrupted its creation, or the reset that started it",
                    files.path(in.unfinished));
            files.delete(in.unfinished);
            files.syncDirectory();
        }
        for (long id : in.segments.keySet()) {
            files.open(id);
        }
        if (in.tornTail != null) {
            DiskFile ch = files.channel(in.tornTail.segment());
            ch.truncate(in.tornTail.validEnd());
            ch.force(true);
            LOG.warn("{}; cut the torn tail of {} bytes there", in.tornTail.what(), in.tornTail.bytes());
        }
        HardStateFiles hardStates = new HardStateFiles(files.disk(), dir, fsync, in.hardStates);
        HardState hardState = in.hardState();
        if (in.hardStateInSegments()) {
            if (!in.fresh) {
                LOG.info("moving the hard state {} of the log in {} out of its segments into {} and {} (an older "
                        + "version wrote the log)", hardState, dir, HardStateFiles.A, HardStateFiles.B);
            }
            hardStates.saveBoth(hardState);
        } else {
            HardStateFiles.Copy newest = in.hardStates.newest();
            for (HardStateFiles.Copy bad : in.hardStates.unusable()) {
                LOG.warn("hard-state file {} is {}: using {} (sequence {}); a crash during a save leaves this, and "
                        + "the next save rewrites it", bad.file(), bad.problem(), newest.file(), newest.saved().seq());
            }
        }
        return new Recovered(in.table, hardState, new SegmentLayout(in.segments, in.nextId, segmentBytes), hardStates);
    }
}

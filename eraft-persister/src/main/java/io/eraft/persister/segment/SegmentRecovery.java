package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogCorruptedException;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.SnapshotMeta;
import io.eraft.persister.core.LogTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rebuilds a segmented log from its directory on open: reads the meta file, deletes segments it left behind, replays
 * every record of the remaining segments (the last hard-state record wins; entries at or below the snapshot index
 * are skipped), cuts a torn tail off the last segment, and refuses anything else that is damaged.
 */
final class SegmentRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentRecovery.class);

    /** The recovered state. */
    record Recovered(LogTable<Slot> table, HardState hardState, SegmentLayout layout) {
    }

    private final SegmentFiles files;
    private final long segmentBytes;
    private final TreeMap<Long, SegmentLayout.Segment> segments = new TreeMap<>();
    private LogTable<Slot> table;
    private HardState hardState = HardState.INITIAL;

    private SegmentRecovery(SegmentFiles files, long segmentBytes) {
        this.files = files;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Recovers the log in {@code files}' directory, leaving every kept segment open for writing in {@code files}.
     *
     * @throws LogCorruptedException naming file and offset, if a record before the tail is damaged
     */
    static Recovered recover(SegmentFiles files, long segmentBytes) throws IOException {
        return new SegmentRecovery(files, segmentBytes).run();
    }

    private Recovered run() throws IOException {
        Path dir = files.directory();
        Optional<MetaFile> meta = MetaFile.read(files.disk(), dir);
        List<Long> ids = files.list();
        long nextId = ids.isEmpty() ? 1 : ids.get(ids.size() - 1) + 1;
        long firstSegment = meta.map(MetaFile::firstSegment).orElse(ids.isEmpty() ? 1L : ids.get(0));
        for (long id : ids) {
            if (id < firstSegment) {
                LOG.info("deleting segment {}, left over from a compaction or reset", files.path(id));
                files.disk().delete(files.path(id));
            }
        }
        List<Long> kept = ids.stream().filter(id -> id >= firstSegment).toList();
        if (meta.isPresent() && (kept.isEmpty() || kept.get(0) != firstSegment)) {
            throw new LogCorruptedException("segment file " + files.path(firstSegment) + ", where the log starts "
                    + "according to " + dir.resolve(MetaFile.NAME) + ", is missing");
        }
        table = new LogTable<>(meta.map(MetaFile::snapshot).orElse(SnapshotMeta.NONE), s -> s.term);
        for (int k = 0; k < kept.size(); k++) {
            long id = kept.get(k);
            boolean last = k == kept.size() - 1;
            boolean mayVanish = last && !(meta.isPresent() && id == firstSegment);
            replay(id, last, mayVanish);
        }
        return new Recovered(table, hardState, new SegmentLayout(segments, nextId, segmentBytes));
    }

    private void replay(long id, boolean last, boolean mayVanish) throws IOException {
        Path file = files.path(id);
        DiskFile ch = files.open(id);
        SegmentLayout.Segment segment = new SegmentLayout.Segment(0, false);
        SegmentScanner scanner = new SegmentScanner(ch);
        SegmentScanner.Result result = scanner.scan((record, offset, length) -> {
            if (offset == 0) {
                if (!(record instanceof Record.SegmentHeader h) || h.segmentId() != id) {
                    throw new IllegalArgumentException("the first record is " + record + ", not the header of segment "
                            + id);
                }
                return;
            }
            if (record instanceof Record.SegmentHeader) {
                throw new IllegalArgumentException("a segment header in the middle of the segment");
            } else if (record instanceof Record.HardStateRecord h) {
                hardState = h.state();
            } else if (record instanceof Record.Entry e) {
                segment.hasEntries = true;
                addEntry(e.entry(), id, offset, length);
            }
        });
        segment.end = result.validEnd();
        if (result.damage() != null) {
            String where = "segment file " + file + " has a damaged record at offset " + result.validEnd() + " ("
                    + result.damage() + ")";
            if (!last) {
                throw new LogCorruptedException(where + ", and it is not the last segment, so entries after it would "
                        + "be lost");
            }
            if (!result.torn()) {
                throw new LogCorruptedException(where + "; the record is intact but invalid, so this is not a torn "
                        + "write");
            }
            long next = scanner.intactRecordAfter(result.validEnd());
            if (next >= 0) {
                throw new LogCorruptedException(where + ", followed by an intact record at offset " + next
                        + ", so this is not a torn tail");
            }
            long dropped = ch.size() - result.validEnd();
            ch.truncate(result.validEnd());
            ch.force(true);
            LOG.warn("{}; cut the torn tail of {} bytes there", where, dropped);
        }
        if (segment.end == 0) {
            if (!mayVanish) {
                throw new LogCorruptedException("segment file " + file + " has no intact segment header, yet the log "
                        + "starts in it");
            }
            LOG.warn("deleting segment file {}: a crash interrupted its creation", file);
            files.delete(id);
            files.syncDirectory();
            return;
        }
        segments.put(id, segment);
    }

    private void addEntry(LogEntry entry, long segment, long offset, int length) {
        if (entry.index() <= table.snapshot().index()) {
            return;
        }
        if (entry.index() != table.lastIndex() + 1) {
            throw new IllegalArgumentException("entry " + entry.index() + " follows entry " + table.lastIndex());
        }
        table.add(new Slot(entry, 0, segment, offset, length, false));
    }
}

package io.eraft.persister.segment;

import io.eraft.api.log.LogEntry;
import io.eraft.api.log.SnapshotMeta;
import io.eraft.persister.core.LogTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a log directory without changing it, for open and for repair: the meta file, both hard-state copies, then
 * every segment from the first one the meta file names, checking each record's checksum, that each segment starts
 * with its own header and where the segment before it ended, and that entry indexes run on without a gap. Stops at
 * the first damage.
 *
 * <p>A torn tail is told from damage: a bad or partial record at the end of the last segment with no intact record
 * after it is the unsynced end of the last write (a crash during it), which is safe to cut, because the writer
 * fsyncs a segment before it starts the next one. Everything else is damage to data that was fsynced: a bad record
 * followed by an intact one, a bad record in any other segment, a record that is intact but does not belong where it
 * is, a missing segment or a segment cut short (a gap in the indexes), a damaged meta file, both hard-state copies
 * lost.
 */
final class LogInspector {
    private final SegmentFiles files;
    private final Inspection in = new Inspection();

    private LogInspector(SegmentFiles files) {
        this.files = files;
    }

    /** Inspects the log in {@code files}' directory; opens no segment for writing. */
    static Inspection inspect(SegmentFiles files) throws IOException {
        LogInspector inspector = new LogInspector(files);
        inspector.run();
        return inspector.in;
    }

    private void run() throws IOException {
        Path dir = files.directory();
        List<Long> ids = files.list();
        if (!ids.isEmpty()) {
            in.nextId = ids.get(ids.size() - 1) + 1;
        }
        for (long id : ids) {
            Record.SegmentHeader header = header(id);
            in.currentFormat |= header != null && !header.legacy();
        }
        try {
            in.hardStates = HardStateFiles.read(files.disk(), dir);
        } catch (RecordFormat.NewerFormatException e) {
            in.damage = new Damage(Damage.Kind.NEWER_FORMAT, dir.resolve(HardStateFiles.A), "hard-state file: "
                    + e.getMessage(), null);
            return;
        }
        Path metaFile = dir.resolve(MetaFile.NAME);
        try {
            in.meta = MetaFile.read(files.disk(), dir);
        } catch (RecordFormat.NewerFormatException e) {
            in.damage = new Damage(Damage.Kind.NEWER_FORMAT, metaFile, "meta file " + metaFile + ": " + e.getMessage(),
                    null);
            return;
        } catch (IllegalArgumentException e) {
            in.damage = new Damage(Damage.Kind.META, metaFile, "meta file " + metaFile + " is damaged ("
                    + e.getMessage() + "), so the snapshot the log starts after is unknown", null);
            return;
        }
        in.fresh = ids.isEmpty() && in.meta.isEmpty();
        Optional<MetaFile> meta = in.meta;
        long firstSegment = meta.map(MetaFile::firstSegment).orElse(ids.isEmpty() ? 1L : ids.get(0));
        if (meta.isPresent()) {
            in.nextId = Math.max(in.nextId, firstSegment + 1);
        }
        for (long id : ids) {
            (id < firstSegment ? in.leftovers : in.kept).add(id);
        }
        SnapshotMeta snapshot = meta.map(MetaFile::snapshot).orElse(SnapshotMeta.NONE);
        in.table = new LogTable<>(snapshot, s -> s.term);
        if (meta.isPresent() && (in.kept.isEmpty() || in.kept.get(0) != firstSegment)) {
            in.damage = new Damage(Damage.Kind.LOG_START, files.path(firstSegment), "segment file "
                    + files.path(firstSegment) + ", where the log starts according to " + metaFile + ", is missing",
                    new Damage.Cut(firstSegment, 0, snapshot.index()));
            return;
        }
        for (int k = 0; k < in.kept.size() && in.damage == null; k++) {
            boolean last = k == in.kept.size() - 1;
            new SegmentCheck(in.kept.get(k), k == 0, last, meta.isPresent()).run();
        }
    }

    private Record.SegmentHeader header(long id) throws IOException {
        try (DiskFile file = files.openForReading(id)) {
            return new SegmentScanner(file).header();
        }
    }

    /** Scans one segment into the inspection. */
    private final class SegmentCheck {
        private final long id;
        private final Path file;
        private final boolean first;
        private final boolean last;
        private final boolean startNamedByMeta;
        private Record.SegmentHeader header;
        private boolean hasEntries;
        /** Started by a reset the meta file does not name: a reset that never committed. */
        private boolean uncommittedReset;

        SegmentCheck(long id, boolean first, boolean last, boolean startNamedByMeta) {
            this.id = id;
            this.file = files.path(id);
            this.first = first;
            this.last = last;
            this.startNamedByMeta = startNamedByMeta;
        }

        void run() throws IOException {
            try (DiskFile ch = files.openForReading(id)) {
                SegmentScanner scanner = new SegmentScanner(ch);
                SegmentScanner.Result result;
                try {
                    result = scanner.scan(this::visit);
                } catch (RecordFormat.NewerFormatException e) {
                    in.damage = new Damage(Damage.Kind.NEWER_FORMAT, file, "segment file " + file + ": "
                            + e.getMessage(), null);
                    return;
                }
                if (result.damage() != null && !classify(result, scanner, ch.size())) {
                    return;
                }
                finish(result.validEnd());
            }
        }

        /** Records a damaged record as damage or as the torn tail; false if it was damage. */
        private boolean classify(SegmentScanner.Result result, SegmentScanner scanner, long size) throws IOException {
            if (!result.torn()) {
                damage(result.validEnd(), "segment file " + file + " has an invalid record at offset "
                        + result.validEnd() + " (" + result.damage() + "); the record is intact, so this is not a torn "
                        + "write");
                return false;
            }
            String where = "segment file " + file + " has a damaged record at offset " + result.validEnd() + " ("
                    + result.damage() + ")";
            if (!last) {
                damage(result.validEnd(), where + ", and it is not the last segment, so entries after it would be "
                        + "lost");
                return false;
            }
            long next = scanner.intactRecordAfter(result.validEnd());
            if (next >= 0) {
                damage(result.validEnd(), where + ", followed by an intact record at offset " + next
                        + ", so this is not a torn tail");
                return false;
            }
            in.tornTail = new Inspection.TornTail(id, result.validEnd(), size - result.validEnd(), where);
            return true;
        }

        private void finish(long validEnd) {
            boolean interrupted = header == null && last && !(first && startNamedByMeta);
            if (interrupted || (uncommittedReset && last && !hasEntries)) {
                in.unfinished = id; // deleted by open: nothing in it was ever acknowledged
                in.tornTail = null;
                return;
            }
            if (header == null) {
                damage(0, "segment file " + file + " has no intact segment header"
                        + (first ? ", yet the log starts in it" : ""));
                return;
            }
            if (uncommittedReset) {
                damage(0, "segment file " + file + " was started by a reset that never completed (the meta file "
                        + "does not name it), yet it is not the last segment or holds entries");
                return;
            }
            in.segments.put(id, new SegmentLayout.Segment(validEnd, hasEntries, header.legacy()));
        }

        private void visit(Record record, long offset, int length) {
            if (offset == 0) {
                checkHeader(record);
                return;
            }
            if (record instanceof Record.SegmentHeader) {
                throw new IllegalArgumentException("a segment header in the middle of the segment");
            } else if (record instanceof Record.HardStateRecord h) {
                if (!header.legacy()) {
                    throw new IllegalArgumentException("a hard-state record in a segment of the current format");
                }
                in.legacyHardState = h.state();
            } else if (record instanceof Record.Entry e) {
                if (uncommittedReset) {
                    throw new IllegalArgumentException("an entry in a segment started by a reset that never "
                            + "completed");
                }
                hasEntries = true;
                addEntry(e.entry(), offset, length);
            }
        }

        private void checkHeader(Record record) {
            if (!(record instanceof Record.SegmentHeader h) || h.segmentId() != id) {
                throw new IllegalArgumentException("the first record is " + record + ", not the header of segment "
                        + id);
            }
            header = h;
            if (h.legacy()) {
                return;
            }
            long snapshotIndex = in.table.snapshot().index();
            if (h.reset() && !first) {
                uncommittedReset = true;
            } else if (first && h.firstIndex() > snapshotIndex + 1) {
                throw new IllegalArgumentException("the log's first segment starts at entry " + h.firstIndex()
                        + ", but its snapshot ends at entry " + snapshotIndex + ": entries " + (snapshotIndex + 1)
                        + " to " + (h.firstIndex() - 1) + " are missing");
            } else if (!first && h.firstIndex() != in.table.lastIndex() + 1) {
                throw new IllegalArgumentException("the segment starts at entry " + h.firstIndex() + ", but the "
                        + "segments before it end at entry " + in.table.lastIndex() + gap(h.firstIndex()));
            }
        }

        private String gap(long next) {
            long last = in.table.lastIndex();
            return next > last + 1 ? ": entries " + (last + 1) + " to " + (next - 1) + " are missing; a segment "
                    + "is missing or the one before was cut short" : ": the segments overlap";
        }

        private void addEntry(LogEntry entry, long offset, int length) {
            if (entry.index() <= in.table.snapshot().index()) {
                return;
            }
            if (entry.index() != in.table.lastIndex() + 1) {
                throw new IllegalArgumentException("entry " + entry.index() + " follows entry "
                        + in.table.lastIndex() + gap(entry.index()));
            }
            in.table.add(new Slot(entry, 0, id, offset, length, false));
        }

        private void damage(long offset, String detail) {
            long lastKept = in.table.lastIndex();
            if (first && offset == 0) {
                in.damage = new Damage(Damage.Kind.LOG_START, file, detail, new Damage.Cut(id, 0, lastKept));
            } else {
                in.damage = new Damage(Damage.Kind.SEGMENT, file, detail, new Damage.Cut(id, offset, lastKept));
            }
        }
    }
}

package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.SnapshotMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Repairs a damaged segmented log, offline (it holds the directory lock): cuts the log at the first damage
 * ({@link LogInspector}) and marks the hard state {@link HardState#recovering() recovering}, so the member votes
 * again only once a leader has given back what was cut (protocol-aware recovery, Alagappan et al., FAST 2018).
 *
 * <p>Crash-safe, in this order, each step durable before the next: (1) the hard state, marked recovering, is saved;
 * (2) the segments after the damaged one are deleted, newest first; (3) the damaged segment is cut at the damaged
 * record, or deleted if its header is damaged. A crash before (3) leaves the damage in place, so the log is still
 * refused and repair runs again; a crash after (1) never leaves a shortened log whose member may vote. When nothing
 * after the snapshot can be trusted (the first segment is missing or its start is damaged) or the meta file is
 * damaged, a fresh first segment is created, then the meta file is rewritten to start there, then the old segments
 * are deleted. Both hard-state copies lost: the hard state is rebuilt from the log, with the highest term of any
 * intact entry, no vote, and recovering.
 */
final class LogRepair {
    private static final Logger LOG = LoggerFactory.getLogger(LogRepair.class);

    private final SegmentFiles files;
    private final Inspection in;
    private final Path dir;
    private final List<String> report = new ArrayList<>();

    private LogRepair(SegmentFiles files, Inspection in) {
        this.files = files;
        this.in = in;
        this.dir = files.directory();
    }

    /**
     * Repairs the log in {@code directory}, which no process may have open.
     *
     * @return a one-paragraph report of what was found and done
     * @throws LogStoreException if the log cannot be repaired or is open; the message says why and what to do
     */
    static String repair(Path directory, Disk disk) {
        if (!Files.isDirectory(directory)) {
            throw new LogStoreException("there is no log to repair in " + directory + ": no such directory");
        }
        try (DirectoryLock lock = DirectoryLock.acquire(directory);
             SegmentFiles files = new SegmentFiles(directory, new FailStopDisk(disk))) {
            String report = new LogRepair(files, LogInspector.inspect(files)).run();
            LOG.info("{}", report);
            return report;
        } catch (IOException e) {
            throw new LogStoreException("repair of the log in " + directory + " failed: " + e + "; the log is as "
                    + "safe as before (every step is durable before the next); fix the cause and run the repair "
                    + "again", e);
        }
    }

    private String run() throws IOException {
        Damage damage = in.damage;
        if (damage != null && !damage.repairable()) {
            throw damage.exception(dir);
        }
        if (damage == null && in.hardStateDamage() == null) {
            return undamaged();
        }
        Damage found = damage != null ? damage : in.hardStateDamage();
        report.add("Repaired the log in " + dir + ". Found: " + found.detail() + ".");
        HardState recovering = saveRecoveringHardState();
        if (damage != null) {
            switch (damage.kind()) {
                case SEGMENT -> cutSegment(damage.cut());
                case LOG_START -> startOver(in.meta.map(MetaFile::snapshot).orElse(SnapshotMeta.NONE));
                case META -> startOver(SnapshotMeta.NONE);
                default -> throw new IllegalStateException("unexpected damage " + damage.kind());
            }
        }
        report.add("The hard state is " + describe(recovering) + ", marked recovering: this member will not vote or "
                + "campaign until a leader has sent it back what it lost. Start the member again.");
        return String.join(" ", report);
    }

    private String undamaged() throws IOException {
        List<String> out = new ArrayList<>();
        out.add("The log in " + dir + " has no damage: " + in.segments.size() + " segment file(s), entries "
                + in.table.firstIndex() + " to " + in.table.lastIndex() + " after the snapshot at entry "
                + in.table.snapshot().index() + ", hard state " + describe(in.hardState()) + ".");
        HardStateFiles.Copy newest = in.hardStates.newest();
        List<HardStateFiles.Copy> unusable = in.hardStates.unusable();
        if (newest != null && !unusable.isEmpty()) {
            new HardStateFiles(files.disk(), dir, true, in.hardStates).save(newest.saved().state());
            out.add("Hard-state file " + unusable.get(0).file() + " was " + unusable.get(0).problem()
                    + " (a save interrupted by a crash leaves this); rewrote it from " + newest.file() + ".");
        } else {
            out.add("Nothing was changed.");
        }
        if (in.tornTail != null) {
            out.add("The last segment ends in a torn write (" + in.tornTail.what() + "), the unsynced end of the "
                    + "last write before a crash, which opening the log cuts.");
        }
        return String.join(" ", out);
    }

    /** Step 1: the hard state, kept (or rebuilt if lost) and marked recovering, durable before anything is cut. */
    private HardState saveRecoveringHardState() throws IOException {
        HardStateFiles hardStates = new HardStateFiles(files.disk(), dir, true, in.hardStates);
        HardStateFiles.Copy newest = in.hardStates.newest();
        if (newest != null) {
            HardState kept = newest.saved().state();
            HardState recovering = new HardState(kept.term(), kept.votedFor(), true);
            hardStates.save(recovering);
            return recovering;
        }
        long highest = highestTermOfAnyEntry();
        if (in.hardStateInSegments() && in.legacyHardState.term() >= highest) {
            HardState legacy = in.legacyHardState;
            HardState recovering = new HardState(legacy.term(), legacy.votedFor(), true);
            hardStates.saveBoth(recovering);
            report.add("Moved the hard state from the segments (an older version wrote the log) into "
                    + HardStateFiles.A + " and " + HardStateFiles.B + ".");
            return recovering;
        }
        HardState rebuilt = new HardState(highest, null, true);
        hardStates.saveBoth(rebuilt);
        report.add("Rebuilt the hard state in " + HardStateFiles.A + " and " + HardStateFiles.B + " with the "
                + "highest term of any intact entry (" + highest + ") and no vote.");
        return rebuilt;
    }

    /** Steps 2 and 3 for damage inside the log: drops the damaged record and everything after it. */
    private void cutSegment(Damage.Cut cut) throws IOException {
        List<Long> later = in.kept.stream().filter(id -> id > cut.segment())
                .sorted(Comparator.reverseOrder()).toList();
        long lastIndex = highestIndexOfAnyEntry();
        for (long id : later) {
            files.delete(id);
        }
        String cutWhat;
        if (cut.offset() == 0) {
            files.delete(cut.segment());
            files.syncDirectory();
            cutWhat = "deleted " + files.path(cut.segment()) + " (the damage starts at its first record)";
        } else {
            if (!later.isEmpty()) {
                files.syncDirectory();
            }
            try (DiskFile segment = files.disk().open(files.path(cut.segment()), Disk.Mode.WRITE)) {
                segment.truncate(cut.offset());
                segment.force(true);
            }
            cutWhat = "cut " + files.path(cut.segment()) + " at offset " + cut.offset();
        }
        report.add("Cut the log after entry " + cut.lastKept() + ": " + cutWhat
                + (later.isEmpty() ? "" : " and deleted the " + later.size() + " later segment file(s) "
                + names(later)) + "; " + dropped(cut.lastKept(), lastIndex) + ".");
    }

    /**
     * Steps 2 and 3 when nothing after {@code snapshot} can be kept: a fresh first segment, the meta file naming it,
     * then the old segments go.
     */
    private void startOver(SnapshotMeta snapshot) throws IOException {
        long lastIndex = highestIndexOfAnyEntry();
        List<Long> old = files.list().stream().sorted(Comparator.reverseOrder()).toList();
        long id = in.nextId;
        ByteBuffer header = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER_BYTES);
        RecordFormat.putSegmentHeader(header, id, snapshot.index() + 1, true);
        header.flip();
        try (DiskFile segment = files.disk().open(files.path(id), Disk.Mode.CREATE_NEW)) {
            segment.writeFully(header, 0);
            segment.force(true);
        }
        files.syncDirectory();
        new MetaFile(snapshot, id).write(files.disk(), dir, true);
        for (long oldId : old) {
            files.delete(oldId);
        }
        files.syncDirectory();
        String start = snapshot.index() == 0 ? "Started the log over, empty," : "Started the log over after its "
                + "snapshot at entry " + snapshot.index();
        report.add(start + " in a new segment file " + files.path(id) + ", rewrote " + dir.resolve(MetaFile.NAME)
                + " and deleted the old segment file(s) " + names(old) + "; " + dropped(snapshot.index(), lastIndex)
                + ".");
    }

    private static String dropped(long lastKept, long lastIndex) {
        return lastIndex > lastKept ? "entries " + (lastKept + 1) + " to " + lastIndex + " (as far as intact records "
                + "show) are dropped" : "the entries from " + (lastKept + 1) + " on are dropped";
    }

    private String names(List<Long> ids) {
        return ids.stream().sorted().map(id -> files.path(id).getFileName().toString())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String describe(HardState state) {
        return "term " + state.term() + ", " + (state.votedFor() == null ? "no vote" : "vote " + state.votedFor());
    }

    private long highestTermOfAnyEntry() throws IOException {
        long[] highest = {in.meta.map(m -> m.snapshot().term()).orElse(0L)};
        forEachIntactEntry(e -> highest[0] = Math.max(highest[0], e.entry().term()));
        return highest[0];
    }

    private long highestIndexOfAnyEntry() throws IOException {
        long[] highest = {0};
        forEachIntactEntry(e -> highest[0] = Math.max(highest[0], e.entry().index()));
        return highest[0];
    }

    /** Every intact entry record in every segment file, damaged ones included. */
    private void forEachIntactEntry(java.util.function.Consumer<Record.Entry> action) throws IOException {
        for (long id : files.list()) {
            try (DiskFile file = files.openForReading(id)) {
                new SegmentScanner(file).scanAll((record, offset, length) -> {
                    if (record instanceof Record.Entry e) {
                        action.accept(e);
                    }
                });
            }
        }
    }
}

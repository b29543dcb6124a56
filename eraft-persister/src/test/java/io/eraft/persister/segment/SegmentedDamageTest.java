package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogCorruptedException;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.log.SnapshotMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.eraft.persister.Entries.assertSameEntries;
import static io.eraft.persister.Entries.entry;
import static io.eraft.persister.Entries.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damage to what a segmented log fsynced, told apart from a torn tail: open refuses it naming the file and the repair
 * command, and repair cuts the log there, keeps the hard state marked recovering, and is safe to interrupt.
 */
class SegmentedDamageTest {
    private static final Map<String, String> SMALL_SEGMENTS = Map.of("segment-bytes", "1k");
    private static final HardState VOTED = new HardState(3, "n2");

    @TempDir
    Path tmp;

    private static LogStore open(Path dir) {
        return LogStoreProvider.byName("segmented").open(dir, SMALL_SEGMENTS);
    }

    private static String repair(Path dir) {
        return LogStoreProvider.byName("segmented").repair(dir, SMALL_SEGMENTS);
    }

    /** A closed, fsynced log in {@code dir}: hard state 3/n2 and entries 1..{@code last} in term 3. */
    private static Path write(Path dir, int last) {
        try (LogStore log = open(dir)) {
            log.saveHardState(VOTED).join();
            log.append(range(1, last, 3)).join();
        }
        return dir;
    }

    private static LogCorruptedException refused(Path dir, Path file) {
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> open(dir));
        assertEquals(file, e.file());
        assertTrue(e.repairable());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        Path dataDir = dir.toAbsolutePath().normalize().getParent(); // the server's layout: <data-dir>/log
        assertTrue(e.getMessage().contains("run `eraft repair-log --data-dir " + dataDir + "`"), e.getMessage());
        return e;
    }

    /** Repairs, then checks the reopened log holds exactly entries 1..lastKept with the hard state recovering. */
    private static String repairAndCheck(Path dir, long lastKept) {
        String report = repair(dir);
        try (LogStore log = open(dir)) {
            assertEquals(lastKept, log.lastIndex(), report);
            assertSameEntries(range(1, lastKept, 3), log.entries(1, lastKept + 1, Long.MAX_VALUE));
            assertEquals(new HardState(VOTED.term(), VOTED.votedFor(), true), log.hardState());
            log.append(List.of(entry(lastKept + 1, 4))).join(); // the leader gives back what was cut
        }
        try (LogStore log = open(dir)) {
            assertEquals(4, log.term(lastKept + 1));
        }
        return report;
    }

    private static long entriesIn(Path segment) throws IOException {
        long count = 0;
        for (long i = 1; i <= 1000; i++) {
            if (contains(segment, "entry-" + i + "@3")) {
                count++;
            }
        }
        return count;
    }

    private static boolean contains(Path file, String data) throws IOException {
        try {
            SegmentDirs.recordOffset(file, data);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** The last index held by the segments before {@code segment}. */
    private static long lastIndexBefore(Path dir, Path segment) throws IOException {
        long last = 0;
        for (Path s : SegmentDirs.segments(dir)) {
            if (s.equals(segment)) {
                break;
            }
            last += entriesIn(s);
        }
        return last;
    }

    @Test
    void tornTailIsCutSilentlyAndEverySyncedEntryIsKept() throws IOException {
        Path dir = write(tmp.resolve("log"), 30);
        Path last = SegmentDirs.lastSegment(dir);
        long syncedEnd = Files.size(last);
        ByteBuffer unsynced = ByteBuffer.allocate(RecordFormat.entrySize(entry(31, 3)));
        RecordFormat.putEntry(unsynced, entry(31, 3));
        try (var ch = java.nio.channels.FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(unsynced.array(), 0, unsynced.capacity() - 3), syncedEnd);
        }
        try (LogStore log = open(dir)) {
            assertEquals(30, log.lastIndex());
            assertSameEntries(range(1, 30, 3), log.entries(1, 31, Long.MAX_VALUE));
            assertEquals(VOTED, log.hardState(), "a torn tail is no damage: the member is not recovering");
            assertEquals(syncedEnd, Files.size(last));
        }
    }

    @Test
    void flippedByteMidSegmentIsRefusedAndRepairCutsThere() throws IOException {
        Path dir = write(tmp.resolve("log"), 20);
        Path file = SegmentDirs.lastSegment(dir);
        long damagedIndex = lastIndexBefore(dir, file) + 5;
        long record = SegmentDirs.recordOffset(file, "entry-" + damagedIndex + "@3");
        SegmentDirs.flipByte(file, record + RecordFormat.ENTRY_OVERHEAD + 2);
        LogCorruptedException e = refused(dir, file);
        assertTrue(e.getMessage().contains("offset " + record + " "), e.getMessage());
        assertTrue(e.getMessage().contains("not a torn tail"), e.getMessage());

        String report = repairAndCheck(dir, damagedIndex - 1);
        assertTrue(report.contains(file.toString()) && report.contains("after entry " + (damagedIndex - 1)), report);
    }

    @Test
    void flippedByteInAnOldSegmentIsRefusedAndRepairDropsItAndEveryLaterSegment() throws IOException {
        Path dir = write(tmp.resolve("log"), 120);
        List<Path> segments = SegmentDirs.segments(dir);
        assertTrue(segments.size() >= 4, "segments " + segments);
        Path old = segments.get(1);
        long damagedIndex = lastIndexBefore(dir, old) + 2;
        long record = SegmentDirs.recordOffset(old, "entry-" + damagedIndex + "@3");
        SegmentDirs.flipByte(old, record + RecordFormat.HEADER_BYTES);
        LogCorruptedException e = refused(dir, old);
        assertTrue(e.getMessage().contains("not the last segment"), e.getMessage());

        String report = repairAndCheck(dir, damagedIndex - 1);
        assertTrue(report.contains(segments.get(segments.size() - 1).getFileName().toString()),
                "names the deleted segments: " + report);
        assertFalse(Files.exists(segments.get(2)));
        assertTrue(report.contains("entries " + damagedIndex + " to 120"), report);
    }

    @Test
    void missingMiddleSegmentIsRefusedAsAGapAndRepairCutsBeforeIt() throws IOException {
        Path dir = write(tmp.resolve("log"), 120);
        List<Path> segments = SegmentDirs.segments(dir);
        Path missing = segments.get(1);
        long lastBefore = lastIndexBefore(dir, missing);
        long lastOfMissing = lastBefore + entriesIn(missing);
        Files.delete(missing);
        LogCorruptedException e = refused(dir, segments.get(2));
        assertTrue(e.getMessage().contains("entries " + (lastBefore + 1) + " to " + lastOfMissing + " are missing"),
                e.getMessage());

        repairAndCheck(dir, lastBefore);
    }

    @Test
    void nonLastSegmentCutShortInsideARecordIsRefusedAndRepaired() throws IOException {
        Path dir = write(tmp.resolve("log"), 120);
        Path shortened = SegmentDirs.segments(dir).get(1);
        long lastBefore = lastIndexBefore(dir, shortened);
        long record = SegmentDirs.recordOffset(shortened, "entry-" + (lastBefore + 4) + "@3");
        SegmentDirs.truncate(shortened, record + 5);
        refused(dir, shortened);

        repairAndCheck(dir, lastBefore + 3);
    }

    @Test
    void nonLastSegmentCutShortAtARecordBoundaryIsRefusedAsAGapAndRepaired() throws IOException {
        Path dir = write(tmp.resolve("log"), 120);
        List<Path> segments = SegmentDirs.segments(dir);
        Path shortened = segments.get(1);
        long lastBefore = lastIndexBefore(dir, shortened);
        SegmentDirs.truncate(shortened, SegmentDirs.recordOffset(shortened, "entry-" + (lastBefore + 4) + "@3"));
        refused(dir, segments.get(2));

        repairAndCheck(dir, lastBefore + 3);
    }

    @Test
    void lastSegmentCutShortAtARecordBoundaryWithAnEmptySegmentAfterItIsStillAGap() throws IOException {
        Path dir = write(tmp.resolve("log"), 40);
        // an empty segment after the last: as if a crash came right after the writer started it
        Path last = SegmentDirs.lastSegment(dir);
        long lastBefore = lastIndexBefore(dir, last);
        long next = Long.parseLong(last.getFileName().toString().substring(0, 20)) + 1;
        ByteBuffer header = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER_BYTES);
        RecordFormat.putSegmentHeader(header, next, 41, false);
        Files.write(dir.resolve(String.format("%020d.seg", next)), header.array());
        SegmentDirs.truncate(last, SegmentDirs.recordOffset(last, "entry-" + (lastBefore + 2) + "@3"));
        LogCorruptedException e = refused(dir, dir.resolve(String.format("%020d.seg", next)));
        assertTrue(e.getMessage().contains("entries " + (lastBefore + 2) + " to 40 are missing"), e.getMessage());

        repairAndCheck(dir, lastBefore + 1);
    }

    @Test
    void damagedMetaFileIsRefusedAndRepairStartsAnEmptyLogKeepingTheHardState() throws IOException {
        Path dir = tmp.resolve("log");
        try (LogStore log = open(dir)) {
            log.saveHardState(VOTED).join();
            log.append(range(1, 60, 3)).join();
            log.compact(new SnapshotMeta(40, 3)).join();
        }
        Path meta = dir.resolve(MetaFile.NAME);
        SegmentDirs.flipByte(meta, 12);
        refused(dir, meta);
        String report = repair(dir);
        assertTrue(report.contains(meta.toString()), report);
        try (LogStore log = open(dir)) {
            assertEquals(0, log.lastIndex());
            assertEquals(SnapshotMeta.NONE, log.snapshotMeta());
            assertEquals(new HardState(3, "n2", true), log.hardState());
            log.append(range(1, 2, 4)).join();
        }
        try (LogStore log = open(dir)) {
            assertSameEntries(range(1, 2, 4), log.entries(1, 3, Long.MAX_VALUE));
        }
    }

    @Test
    void damagedHeaderOfTheFirstSegmentEmptiesTheLogAfterItsSnapshot() throws IOException {
        Path dir = tmp.resolve("log");
        try (LogStore log = open(dir)) {
            log.saveHardState(VOTED).join();
            log.append(range(1, 80, 3)).join();
            log.compact(new SnapshotMeta(30, 3)).join();
        }
        Path first = SegmentDirs.segments(dir).get(0);
        SegmentDirs.flipByte(first, 14);
        refused(dir, first);
        repair(dir);
        try (LogStore log = open(dir)) {
            assertEquals(new SnapshotMeta(30, 3), log.snapshotMeta());
            assertEquals(30, log.lastIndex());
            assertTrue(log.hardState().recovering());
            log.append(List.of(entry(31, 4))).join();
        }
    }

    @Test
    void repairOfAnUndamagedLogChangesNothingAndSaysSo() throws IOException {
        Path dir = write(tmp.resolve("log"), 120);
        TreeMap<String, byte[]> before = contents(dir);
        String report = repair(dir);
        assertTrue(report.contains("no damage") && report.contains("Nothing was changed"), report);
        TreeMap<String, byte[]> after = contents(dir);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
        try (LogStore log = open(dir)) {
            assertEquals(VOTED, log.hardState());
            assertEquals(120, log.lastIndex());
        }
    }

    @Test
    void repairRefusesALogThatIsOpen() {
        Path dir = write(tmp.resolve("log"), 5);
        try (LogStore log = open(dir)) {
            LogStoreException e = assertThrows(LogStoreException.class, () -> repair(dir));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            assertEquals(5, log.lastIndex());
        }
    }

    @Test
    void repairInterruptedAtAnyStepLeavesALogThatOpensRecoveringOrIsStillRefusedAndRepairable() throws IOException {
        Path damaged = write(tmp.resolve("damaged"), 120);
        Path old = SegmentDirs.segments(damaged).get(1);
        long damagedIndex = lastIndexBefore(damaged, old) + 2;
        SegmentDirs.flipByte(old, SegmentDirs.recordOffset(old, "entry-" + damagedIndex + "@3") + 9);
        assertInterruptionsAreSafe(damaged, damagedIndex - 1);
    }

    @Test
    void repairThatStartsTheLogOverInterruptedAtAnyStepIsSafe() throws IOException {
        Path damaged = write(tmp.resolve("damaged"), 60);
        SegmentDirs.flipByte(SegmentDirs.segments(damaged).get(0), 14);
        assertInterruptionsAreSafe(damaged, 0);
    }

    private void assertInterruptionsAreSafe(Path damaged, long lastKept) throws IOException {
        boolean completed = false;
        for (int changes = 0; !completed; changes++) {
            assertTrue(changes < 100, "the repair never completed");
            Path dir = SegmentDirs.copy(damaged, tmp.resolve("crash-after-" + changes));
            FaultyDisk disk = new FaultyDisk();
            disk.crashAfter(changes);
            try {
                LogRepair.repair(dir, disk);
                completed = !disk.crashed();
            } catch (LogStoreException e) {
                assertTrue(disk.crashed(), "failed without a crash: " + e);
            }
            try (LogStore log = open(dir)) {
                assertTrue(log.hardState().recovering(), "a shortened log opened without recovering, crash after "
                        + changes + " changes");
                assertEquals(lastKept, log.lastIndex(), "crash after " + changes + " changes");
            } catch (LogCorruptedException stillDamaged) {
                assertTrue(stillDamaged.repairable());
                repair(dir);
            }
            try (LogStore log = open(dir)) {
                assertEquals(lastKept, log.lastIndex(), "crash after " + changes + " changes, then repair");
                assertSameEntries(range(1, lastKept, 3), log.entries(1, lastKept + 1, Long.MAX_VALUE));
                assertEquals(new HardState(3, "n2", true), log.hardState());
            }
        }
    }

    private static TreeMap<String, byte[]> contents(Path dir) throws IOException {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!f.getFileName().toString().equals(DirectoryLock.NAME)) {
                    out.put(f.getFileName().toString(), Files.readAllBytes(f));
                }
            }
        }
        return out;
    }
}

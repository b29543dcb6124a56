package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogCorruptedException;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.log.SnapshotMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.eraft.persister.Entries.assertSameEntries;
import static io.eraft.persister.Entries.entry;
import static io.eraft.persister.Entries.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening a segmented log whose files a crash (or the disk) damaged. */
class SegmentedRecoveryTest {
    private static final Map<String, String> ONE_SEGMENT = Map.of("fsync", "false");
    private static final Map<String, String> SMALL_SEGMENTS = Map.of("fsync", "false", "segment-bytes", "1k");

    @TempDir
    Path tmp;

    private static LogStore open(Path dir, Map<String, String> options) {
        return LogStoreProvider.byName("segmented").open(dir, options);
    }

    /** A closed log in {@code dir} holding entries 1..{@code last} in term 1 and hard state 1/n1. */
    private static void write(Path dir, Map<String, String> options, int last) {
        try (LogStore log = open(dir, options)) {
            log.saveHardState(new HardState(1, "n1"));
            log.append(range(1, last, 1)).join();
        }
    }

    @Test
    void tornTailIsCutCleanlyAtEveryByteOffsetInsideTheLastRecords() throws IOException {
        Path original = tmp.resolve("original");
        write(original, ONE_SEGMENT, 20);
        Path file = SegmentDirs.lastSegment(original);
        long[] start = new long[22];
        for (int i = 17; i <= 20; i++) {
            start[i] = SegmentDirs.recordOffset(file, "entry-" + i + "@1");
        }
        start[21] = Files.size(file);
        for (long cut = start[18]; cut < start[21]; cut++) {
            Path dir = SegmentDirs.copy(original, tmp.resolve("cut-" + cut));
            Path damaged = SegmentDirs.lastSegment(dir);
            SegmentDirs.truncate(damaged, cut);
            int complete = 17; // record i spans [start[i], start[i + 1])
            while (complete < 20 && start[complete + 2] <= cut) {
                complete++;
            }
            long kept = start[complete + 1];
            try (LogStore log = open(dir, ONE_SEGMENT)) {
                assertEquals(complete, log.lastIndex(), "cut at " + cut);
                assertSameEntries(range(1, complete, 1), log.entries(1, complete + 1, Long.MAX_VALUE));
                assertEquals(new HardState(1, "n1"), log.hardState());
                assertEquals(kept, Files.size(damaged), "file cut at the last intact record, cut at " + cut);
                log.append(List.of(entry(complete + 1, 2))).join();
            }
            try (LogStore log = open(dir, ONE_SEGMENT)) {
                assertEquals(complete + 1, log.lastIndex(), "after reopening, cut at " + cut);
                assertSameEntries(List.of(entry(complete + 1, 2)), log.entries(complete + 1, complete + 2, 1 << 20));
            }
        }
    }

    @Test
    void corruptByteInAMiddleRecordFailsNamingFileAndOffset() throws IOException {
        Path dir = tmp.resolve("log");
        write(dir, ONE_SEGMENT, 20);
        Path file = SegmentDirs.lastSegment(dir);
        long record = SegmentDirs.recordOffset(file, "entry-10@1");
        long next = SegmentDirs.recordOffset(file, "entry-11@1");
        SegmentDirs.flipByte(file, record + RecordFormat.ENTRY_OVERHEAD + 3);
        long size = Files.size(file);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> open(dir, ONE_SEGMENT));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + record + " "), e.getMessage());
        assertTrue(e.getMessage().contains("intact record at offset " + next), e.getMessage());
        assertEquals(size, Files.size(file), "the damaged file is left as it was");
        open(dir.resolve("other"), ONE_SEGMENT).close(); // the failed open released what it held
        assertThrows(LogCorruptedException.class, () -> open(dir, ONE_SEGMENT));
    }

    @Test
    void zeroedHeaderOfAMiddleRecordFailsRatherThanLosingWhatFollows() throws IOException {
        Path dir = tmp.resolve("log");
        write(dir, ONE_SEGMENT, 20);
        Path file = SegmentDirs.lastSegment(dir);
        long record = SegmentDirs.recordOffset(file, "entry-10@1");
        SegmentDirs.zero(file, record, RecordFormat.HEADER_BYTES);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> open(dir, ONE_SEGMENT));
        assertTrue(e.getMessage().contains("offset " + record + " "), e.getMessage());
    }

    @Test
    void corruptByteInTheLastRecordIsCutLikeATornWrite() throws IOException {
        Path dir = tmp.resolve("log");
        write(dir, ONE_SEGMENT, 20);
        Path file = SegmentDirs.lastSegment(dir);
        long record = SegmentDirs.recordOffset(file, "entry-20@1");
        SegmentDirs.flipByte(file, Files.size(file) - 1);
        try (LogStore log = open(dir, ONE_SEGMENT)) {
            assertEquals(19, log.lastIndex());
            assertEquals(record, Files.size(file));
        }
    }

    @Test
    void damageInASegmentBeforeTheLastFails() throws IOException {
        Path dir = tmp.resolve("log");
        write(dir, SMALL_SEGMENTS, 100);
        List<Path> segments = SegmentDirs.segments(dir);
        assertTrue(segments.size() >= 3, "segments " + segments);
        Path first = segments.get(0);
        SegmentDirs.flipByte(first, Files.size(first) - 1);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> open(dir, SMALL_SEGMENTS));
        assertTrue(e.getMessage().contains(first.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not the last segment"), e.getMessage());
    }

    @Test
    void lastSegmentWhoseHeaderWasTornIsDeleted() throws IOException {
        Path dir = tmp.resolve("log");
        write(dir, SMALL_SEGMENTS, 100);
        Path last = SegmentDirs.lastSegment(dir);
        long firstInLast = 100;
        while (firstInLast > 1 && containsEntry(last, firstInLast - 1)) {
            firstInLast--;
        }
        SegmentDirs.truncate(last, 5);
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            assertFalse(Files.exists(last));
            assertEquals(firstInLast - 1, log.lastIndex());
            assertEquals(new HardState(1, "n1"), log.hardState());
            log.append(List.of(entry(firstInLast, 2))).join();
        }
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            assertEquals(firstInLast, log.lastIndex());
            assertEquals(2, log.term(firstInLast));
        }
    }

    private static boolean containsEntry(Path file, long index) throws IOException {
        try {
            SegmentDirs.recordOffset(file, "entry-" + index + "@1");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Test
    void corruptMetaFileFails() throws IOException {
        Path dir = tmp.resolve("log");
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            log.append(range(1, 50, 1)).join();
            log.compact(new SnapshotMeta(30, 1)).join();
        }
        SegmentDirs.flipByte(dir.resolve(MetaFile.NAME), 10);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> open(dir, SMALL_SEGMENTS));
        assertTrue(e.getMessage().contains(dir.resolve(MetaFile.NAME).toString()), e.getMessage());
    }

    @Test
    void segmentsLeftBehindByACompactionAreDeletedOnOpen() throws IOException {
        Path dir = tmp.resolve("log");
        write(dir, SMALL_SEGMENTS, 100);
        Path first = SegmentDirs.segments(dir).get(0);
        byte[] firstBytes = Files.readAllBytes(first);
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            log.compact(new SnapshotMeta(90, 1)).join();
        }
        assertFalse(Files.exists(first));
        Files.write(first, firstBytes); // as if the crash came between the meta file and the deletion
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            assertFalse(Files.exists(first));
            assertEquals(91, log.firstIndex());
            assertSameEntries(range(91, 100, 1), log.entries(91, 101, Long.MAX_VALUE));
        }
    }

    @Test
    void resetInterruptedBeforeItsMetaFileKeepsTheOldLog() throws IOException {
        Path dir = tmp.resolve("log");
        write(dir, SMALL_SEGMENTS, 100);
        Path before = SegmentDirs.copy(dir, tmp.resolve("before-reset"));
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            log.reset(new SnapshotMeta(500, 7)).join();
        }
        Path fresh = SegmentDirs.lastSegment(dir);
        Files.copy(fresh, before.resolve(fresh.getFileName())); // created, but the meta file not yet replaced
        try (LogStore log = open(before, SMALL_SEGMENTS)) {
            assertEquals(1, log.firstIndex());
            assertEquals(100, log.lastIndex());
            assertSameEntries(range(1, 100, 1), log.entries(1, 101, Long.MAX_VALUE));
            assertEquals(new HardState(1, "n1"), log.hardState());
        }
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            assertEquals(new SnapshotMeta(500, 7), log.snapshotMeta());
            assertEquals(500, log.lastIndex());
            assertEquals(1, SegmentDirs.segments(dir).size());
        }
    }

    @Test
    void entriesReadFromDiskAreCheckedAgainstTheirChecksum() throws IOException {
        Path dir = tmp.resolve("log");
        write(dir, ONE_SEGMENT, 20);
        Path file = SegmentDirs.lastSegment(dir);
        try (LogStore log = open(dir, ONE_SEGMENT)) {
            long record = SegmentDirs.recordOffset(file, "entry-5@1");
            SegmentDirs.flipByte(file, record + RecordFormat.ENTRY_OVERHEAD + 2);
            List<LogEntry> fine = log.entries(6, 8, Long.MAX_VALUE);
            assertEquals(2, fine.size());
            LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> log.entries(4, 6, Long.MAX_VALUE));
            assertTrue(e.getMessage().contains("offset " + record), e.getMessage());
            assertEquals(file, e.file());
            assertTrue(e.repairable() && e.getMessage().contains("eraft repair-log"), e.getMessage());
        }
    }
}

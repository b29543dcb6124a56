package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogCorruptedException;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;

import static io.eraft.persister.Entries.assertSameEntries;
import static io.eraft.persister.Entries.entry;
import static io.eraft.persister.Entries.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hard state of a segmented log in two alternating files, and logs written before there were such files. */
class HardStateFilesTest {
    private static final Map<String, String> OPTIONS = Map.of("segment-bytes", "1k");

    @TempDir
    Path dir;

    private LogStore open() {
        return LogStoreProvider.byName("segmented").open(dir, OPTIONS);
    }

    private Path a() {
        return dir.resolve(HardStateFiles.A);
    }

    private Path b() {
        return dir.resolve(HardStateFiles.B);
    }

    @Test
    void tornWriteOfOneCopyLeavesTheOtherCopyInUse() throws IOException {
        try (LogStore log = open()) {
            log.saveHardState(new HardState(1, "n1")).join();
            log.append(range(1, 5, 1)).join();
            log.saveHardState(new HardState(2, "n2", true)).join();
        }
        FaultyDisk disk = new FaultyDisk();
        try (SegmentedLogStore log = SegmentedLogStore.open(dir, new SegmentedLogStore.Settings(true, 1 << 10, 0),
                Executors.defaultThreadFactory(), disk)) {
            disk.failWrites(new IOException("Input/output error")); // half the file is written, then the crash
            assertThrows(CompletionException.class, () -> log.saveHardState(new HardState(3, "n3")).join());
        }
        try (LogStore log = open()) {
            assertEquals(new HardState(2, "n2", true), log.hardState(), "the copy saved before the torn one");
            assertSameEntries(range(1, 5, 1), log.entries(1, 6, Long.MAX_VALUE));
            log.saveHardState(new HardState(3, "n3")).join();
        }
        try (LogStore log = open()) {
            assertEquals(new HardState(3, "n3"), log.hardState(), "the next save rewrote the torn copy");
        }
    }

    @Test
    void saveOverwritesOnlyTheOlderCopy() throws IOException {
        try (LogStore log = open()) {
            log.saveHardState(new HardState(1, "n1")).join();
            byte[] aBefore = Files.readAllBytes(a());
            byte[] bBefore = Files.readAllBytes(b());
            log.saveHardState(new HardState(2, "n2")).join();
            boolean aChanged = !java.util.Arrays.equals(aBefore, Files.readAllBytes(a()));
            boolean bChanged = !java.util.Arrays.equals(bBefore, Files.readAllBytes(b()));
            assertTrue(aChanged != bChanged, "exactly one copy changes per save");
            Path untouched = aChanged ? b() : a();
            byte[] kept = Files.readAllBytes(untouched);
            log.saveHardState(new HardState(3, "n3")).join();
            assertFalse(java.util.Arrays.equals(kept, Files.readAllBytes(untouched)), "the next save uses it");
        }
    }

    @Test
    void damagedOlderCopyIsIgnoredAndTheNewerUsed() throws IOException {
        try (LogStore log = open()) {
            log.saveHardState(new HardState(4, "n4")).join();
            log.saveHardState(new HardState(5, "n5")).join();
        }
        Path older = newest().equals(a()) ? b() : a();
        SegmentDirs.flipByte(older, 20);
        try (LogStore log = open()) {
            assertEquals(new HardState(5, "n5"), log.hardState());
        }
    }

    @Test
    void bothCopiesDamagedIsCorruptionThatNamesTheFilesAndCanBeRepaired() throws IOException {
        try (LogStore log = open()) {
            log.saveHardState(new HardState(4, "n4")).join();
            log.append(range(1, 3, 4)).join();
        }
        SegmentDirs.flipByte(a(), 20);
        SegmentDirs.truncate(b(), 7);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, this::open);
        assertTrue(e.repairable());
        assertEquals(a(), e.file());
        assertTrue(e.getMessage().contains(a().toString()) && e.getMessage().contains(b().toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("eraft repair-log --data-dir"), e.getMessage());
    }

    @Test
    void repairRebuildsBothLostCopiesFromTheHighestEntryTermWithoutAVoteAndRecovering() throws IOException {
        try (LogStore log = open()) {
            log.saveHardState(new HardState(4, "n4")).join();
            log.append(range(1, 3, 2)).join();
            log.append(range(4, 6, 4)).join();
        }
        SegmentDirs.flipByte(a(), 20);
        SegmentDirs.flipByte(b(), 20);
        String report = LogStoreProvider.byName("segmented").repair(dir, OPTIONS);
        assertTrue(report.contains("highest term of any intact entry (4)"), report);
        try (LogStore log = open()) {
            assertEquals(new HardState(4, null, true), log.hardState());
            assertEquals(6, log.lastIndex(), "no entry is cut when only the hard state was lost");
        }
        assertTrue(HardStateFiles.read(Disk.local(), dir).unusable().isEmpty(), "both copies rewritten");
    }

    @Test
    void repairRewritesOneDamagedCopyFromTheOtherAndLeavesTheHardStateAsItWas() throws IOException {
        try (LogStore log = open()) {
            log.saveHardState(new HardState(4, "n4")).join();
            log.saveHardState(new HardState(5, "n5")).join();
        }
        Path older = newest().equals(a()) ? b() : a();
        SegmentDirs.flipByte(older, 20);
        String report = LogStoreProvider.byName("segmented").repair(dir, OPTIONS);
        assertTrue(report.contains("no damage") && report.contains("rewrote it from"), report);
        assertTrue(HardStateFiles.read(Disk.local(), dir).unusable().isEmpty());
        try (LogStore log = open()) {
            assertEquals(new HardState(5, "n5"), log.hardState(), "not marked recovering: nothing was lost");
        }
    }

    @Test
    void bothCopiesMissingFromACurrentLogIsCorruption() throws IOException {
        try (LogStore log = open()) {
            log.saveHardState(new HardState(4, "n4")).join();
            log.append(range(1, 3, 4)).join();
        }
        Files.delete(a());
        Files.delete(b());
        LogCorruptedException e = assertThrows(LogCorruptedException.class, this::open);
        assertTrue(e.repairable());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void logOfTheOldFormatLoadsWithTheLastHardStateRecordAndKeepsItInTheFilesFromThen() throws IOException {
        new LegacySegment(1).hardState(new HardState(1, "n1")).entries(range(1, 5, 1))
                .hardState(new HardState(2, "n2")).entries(range(6, 10, 2)).writeTo(dir, 1);
        new LegacySegment(2).hardState(new HardState(2, "n2")).entries(range(11, 12, 2))
                .hardState(new HardState(3, null)).writeTo(dir, 2);
        byte[] oldSegment = Files.readAllBytes(dir.resolve(String.format("%020d.seg", 2)));
        try (LogStore log = open()) {
            assertEquals(new HardState(3, null), log.hardState());
            assertEquals(12, log.lastIndex());
            List<io.eraft.api.log.LogEntry> expected = new java.util.ArrayList<>(range(1, 5, 1));
            expected.addAll(range(6, 12, 2));
            assertSameEntries(expected, log.entries(1, 13, Long.MAX_VALUE));
            assertTrue(Files.exists(a()) && Files.exists(b()), "the hard state moved into its files");
            log.append(List.of(entry(13, 3))).join();
            log.saveHardState(new HardState(4, "n4")).join();
        }
        assertArrayEquals(oldSegment, Files.readAllBytes(dir.resolve(String.format("%020d.seg", 2))),
                "new entries go to a new segment of the current format, not into the old one");
        try (LogStore log = open()) {
            assertEquals(new HardState(4, "n4"), log.hardState());
            assertEquals(13, log.lastIndex());
            assertEquals(3, log.term(13));
            assertSameEntries(range(11, 12, 2), log.entries(11, 13, Long.MAX_VALUE));
        }
    }

    @Test
    void oldFormatLogWithoutAHardStateRecordStartsFromTheInitialHardState() throws IOException {
        new LegacySegment(1).entries(range(1, 3, 1)).writeTo(dir, 1);
        try (LogStore log = open()) {
            assertEquals(HardState.INITIAL, log.hardState());
            assertEquals(3, log.lastIndex());
        }
    }

    private Path newest() throws IOException {
        HardStateFiles.Copies copies = HardStateFiles.read(Disk.local(), dir);
        return copies.newest().file();
    }
}

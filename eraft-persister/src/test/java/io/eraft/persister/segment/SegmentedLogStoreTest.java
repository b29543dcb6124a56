package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.log.LogStoreStats;
import io.eraft.api.log.SnapshotMeta;
import io.eraft.persister.core.GatedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;

import static io.eraft.persister.Entries.assertSameEntries;
import static io.eraft.persister.Entries.entry;
import static io.eraft.persister.Entries.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour of the segmented log beyond the common contract: segments, cache, group commit, failures. */
class SegmentedLogStoreTest {
    private static final Map<String, String> SMALL_SEGMENTS = Map.of("segment-bytes", "1k");

    @TempDir
    Path dir;

    private static LogStore open(Path dir, Map<String, String> options) {
        return LogStoreProvider.byName("segmented").open(dir, options);
    }

    @Test
    void compactionDeletesTheSegmentsEntirelyBelowTheSnapshot() throws IOException {
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            log.append(range(1, 200, 1)).join();
            int before = SegmentDirs.segments(dir).size();
            assertTrue(before >= 5, "segments " + before);
            long size = log.sizeInBytes();
            log.compact(new SnapshotMeta(150, 1)).join();
            List<Path> after = SegmentDirs.segments(dir);
            assertTrue(after.size() < before, before + " -> " + after);
            assertTrue(log.sizeInBytes() < size);
            long onDisk = 0;
            for (Path p : after) {
                onDisk += Files.size(p);
            }
            assertEquals(onDisk, log.sizeInBytes());
            assertSameEntries(range(151, 200, 1), log.entries(151, 201, Long.MAX_VALUE));
        }
    }

    @Test
    void truncationIntoAnEarlierSegmentDeletesLaterSegmentsAndKeepsTheHardState() throws IOException {
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            log.append(range(1, 50, 1)).join();
            log.saveHardState(new HardState(2, "n2")).join();
            log.append(range(51, 200, 1)).join();
            log.saveHardState(new HardState(3, "n3")).join();
            int before = SegmentDirs.segments(dir).size();
            log.append(range(20, 22, 3)).join();
            assertTrue(SegmentDirs.segments(dir).size() < before, "segments after the cut");
        }
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            assertEquals(new HardState(3, "n3"), log.hardState());
            assertEquals(22, log.lastIndex());
            List<LogEntry> expected = new ArrayList<>(range(1, 19, 1));
            expected.addAll(range(20, 22, 3));
            assertSameEntries(expected, log.entries(1, 23, Long.MAX_VALUE));
        }
    }

    @Test
    void hardStateSurvivesTheCompactionOfTheSegmentThatHeldIt() throws IOException {
        Path firstSegment;
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            log.saveHardState(new HardState(7, "n7")).join();
            log.append(range(1, 200, 7)).join();
            firstSegment = SegmentDirs.segments(dir).get(0);
            log.compact(new SnapshotMeta(199, 7)).join();
        }
        assertFalse(Files.exists(firstSegment));
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            assertEquals(new HardState(7, "n7"), log.hardState());
            assertEquals(200, log.firstIndex());
            assertSameEntries(List.of(entry(200, 7)), log.entries(200, 201, 1));
        }
    }

    @Test
    void writtenEntriesLeaveTheCacheAndAreReadBackFromTheirSegment() {
        SegmentedLogStore.Settings settings = new SegmentedLogStore.Settings(true, 1 << 20, 0);
        try (SegmentedLogStore log = SegmentedLogStore.open(dir, settings, Executors.defaultThreadFactory())) {
            log.append(range(1, 100, 1)).join();
            long beforeEviction = log.cachedBytes();
            long appended = range(1, 100, 1).stream().mapToLong(LogEntry::sizeInBytes).sum();
            assertEquals(appended, beforeEviction, "nothing is evicted before it is written");
            log.append(List.of(entry(101, 1))).join();
            assertEquals(entry(101, 1).sizeInBytes(), log.cachedBytes(), "only the unwritten entry stays cached");
            assertSameEntries(range(1, 101, 1), log.entries(1, 102, Long.MAX_VALUE));
            log.append(range(50, 60, 2)).join();
            List<LogEntry> expected = new ArrayList<>(range(1, 49, 1));
            expected.addAll(range(50, 60, 2));
            assertSameEntries(expected, log.entries(1, 61, Long.MAX_VALUE));
        }
    }

    @Test
    void appendsQueuedDuringOneSyncShareTheNextOne() {
        Map<String, String> options = Map.of("fsync", "true");
        open(dir, options).close();
        GatedThreads writer = new GatedThreads();
        SegmentedLogStore.Settings settings = new SegmentedLogStore.Settings(true, 64 << 20, 16 << 20);
        try (SegmentedLogStore log = SegmentedLogStore.open(dir, settings, writer)) {
            List<CompletableFuture<Long>> acks = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                acks.add(log.append(List.of(entry(i, 1))));
            }
            CompletableFuture<Void> vote = log.saveHardState(new HardState(1, "n1"));
            writer.open(); // the writer starts with all 201 writes queued, as if they came during one fsync
            for (int i = 1; i <= 200; i++) {
                assertEquals(i, acks.get(i - 1).join());
            }
            vote.join();
            LogStoreStats stats = log.stats();
            assertEquals(200, stats.entriesAppended());
            assertEquals(1, stats.syncs(), "one fsync for the whole batch: " + stats);
            assertEquals(200.0, stats.entriesPerSync());
        }
    }

    @Test
    void aFailedWriteFailsTheStoreAndEveryLaterWrite() throws IOException {
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            log.append(range(1, 5, 1)).join();
            Path next = dir.resolve(String.format("%020d.seg", SegmentDirs.segments(dir).size() + 1));
            Files.createDirectory(next); // the next segment file cannot be created
            CompletableFuture<Long> rolls = log.append(range(6, 100, 1));
            CompletionException e = assertThrows(CompletionException.class, rolls::join);
            LogStoreException cause = assertInstanceOf(LogStoreException.class, e.getCause());
            assertTrue(cause.getMessage().contains("failed"), cause.getMessage());
            CompletionException later = assertThrows(CompletionException.class,
                    () -> log.saveHardState(new HardState(2, null)).join());
            assertSame(cause, later.getCause());
            assertSame(cause, assertThrows(CompletionException.class,
                    () -> log.compact(new SnapshotMeta(2, 1)).join()).getCause());
        }
    }

    @Test
    void withFsyncOffWritesSurviveCloseButCountNoSyncs() {
        Map<String, String> options = Map.of("fsync", "false");
        try (LogStore log = open(dir, options)) {
            log.append(range(1, 30, 1)).join();
            assertEquals(0, log.stats().syncs());
            assertEquals(30, log.stats().entriesAppended());
        }
        try (LogStore log = open(dir, options)) {
            assertSameEntries(range(1, 30, 1), log.entries(1, 31, Long.MAX_VALUE));
        }
    }

    @Test
    void entryLargerThanASegmentGetsASegmentOfItsOwn() throws IOException {
        LogEntry big = new LogEntry(2, 1, io.eraft.api.log.EntryType.COMMAND, new byte[5000]);
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            log.append(List.of(entry(1, 1), big, entry(3, 1))).join();
        }
        try (LogStore log = open(dir, SMALL_SEGMENTS)) {
            assertSameEntries(List.of(entry(1, 1), big, entry(3, 1)), log.entries(1, 4, Long.MAX_VALUE));
            assertEquals(3, SegmentDirs.segments(dir).size());
        }
    }
}

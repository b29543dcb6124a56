package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogNoSpaceException;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.log.SnapshotMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;

import static io.eraft.persister.Entries.assertSameEntries;
import static io.eraft.persister.Entries.entry;
import static io.eraft.persister.Entries.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A disk that fails under a segmented log: fsync errors stop the store for good, a full disk is told apart. */
class DiskFailureTest {
    private static final SegmentedLogStore.Settings SMALL_SEGMENTS =
            new SegmentedLogStore.Settings(true, 1 << 10, 0);

    @TempDir
    Path dir;

    private final FaultyDisk disk = new FaultyDisk();

    private SegmentedLogStore openFaulty() {
        return SegmentedLogStore.open(dir, SMALL_SEGMENTS, Executors.defaultThreadFactory(), disk);
    }

    private LogStore reopen() {
        return LogStoreProvider.byName("segmented").open(dir, Map.of("segment-bytes", "1k"));
    }

    private static Throwable failure(CompletableFuture<?> write) {
        return assertThrows(CompletionException.class, write::join).getCause();
    }

    @Test
    void failedFsyncPoisonsTheStoreNeverRetriesAndEveryLaterWriteNamesIt() {
        try (SegmentedLogStore log = openFaulty()) {
            log.append(range(1, 10, 1)).join();
            disk.failFsyncs(new IOException("Input/output error"));
            LogStoreException poison = assertInstanceOf(LogStoreException.class,
                    failure(log.append(range(11, 12, 1))));
            assertTrue(poison.getMessage().contains("fsync"), poison.getMessage());
            assertTrue(poison.getMessage().contains("Input/output error"), poison.getMessage());
            int fsyncsAfterFailure = disk.fsyncs();

            disk.failFsyncs(null); // the disk would now claim success: a retry must still not happen
            assertSame(poison, failure(log.append(List.of(entry(13, 1)))));
            assertSame(poison, failure(log.saveHardState(new HardState(2, null))));
            assertSame(poison, failure(log.compact(new SnapshotMeta(5, 1))));
            assertSame(poison, failure(log.reset(new SnapshotMeta(100, 3))));
            log.close();
            assertEquals(fsyncsAfterFailure, disk.fsyncs(), "no fsync after the failed one, not even on close");
        }
    }

    @Test
    void failedFsyncLosesNothingThatAnEarlierFsyncMadeDurable() {
        try (SegmentedLogStore log = openFaulty()) {
            log.saveHardState(new HardState(2, "n2")).join();
            log.append(range(1, 60, 2)).join(); // several segments
            disk.failFsyncs(new IOException("Input/output error"));
            failure(log.append(range(61, 80, 2)));
        }
        try (LogStore log = reopen()) {
            assertEquals(new HardState(2, "n2"), log.hardState());
            assertTrue(log.lastIndex() >= 60, "last index " + log.lastIndex());
            assertSameEntries(range(1, 60, 2), log.entries(1, 61, Long.MAX_VALUE));
        }
    }

    @Test
    void failedDirectoryFsyncWhenASegmentIsCreatedAlsoPoisons() {
        try (SegmentedLogStore log = openFaulty()) {
            log.append(range(1, 5, 1)).join();
            disk.failFsyncs(new IOException("Input/output error"));
            Throwable poison = failure(log.append(range(6, 100, 1))); // rolls to new segments
            assertInstanceOf(LogStoreException.class, poison);
            disk.failFsyncs(null);
            assertSame(poison, failure(log.append(List.of(entry(101, 1)))));
        }
        try (LogStore log = reopen()) {
            assertSameEntries(range(1, 5, 1), log.entries(1, 6, Long.MAX_VALUE));
        }
    }

    @Test
    void fullDiskFailsTheWriteWithLogNoSpaceExceptionAndTheReopenedLogCutsTheHalfWrittenRecord() {
        try (SegmentedLogStore log = openFaulty()) {
            log.append(range(1, 10, 1)).join();
            disk.failWrites(new IOException("No space left on device"));
            LogNoSpaceException full = assertInstanceOf(LogNoSpaceException.class,
                    failure(log.append(List.of(entry(11, 1))))); // half of its record reaches the disk
            assertTrue(full.getMessage().contains("no space left"), full.getMessage());
            assertTrue(full.getMessage().contains(dir.toString()), "names the file: " + full.getMessage());
            disk.failWrites(null);
            assertSame(full, failure(log.append(List.of(entry(13, 1)))), "the store takes no more writes");
        }
        try (LogStore log = reopen()) {
            assertEquals(10, log.lastIndex());
            assertSameEntries(range(1, 10, 1), log.entries(1, 11, Long.MAX_VALUE));
            log.append(List.of(entry(11, 2))).join();
        }
        try (LogStore log = reopen()) {
            assertSameEntries(List.of(entry(11, 2)), log.entries(11, 12, Long.MAX_VALUE));
        }
    }

    @Test
    void fsyncFailingForLackOfSpaceIsANoSpaceFailureThatAlsoPoisons() {
        try (SegmentedLogStore log = openFaulty()) {
            log.append(range(1, 3, 1)).join();
            disk.failFsyncs(new IOException("No space left on device"));
            LogNoSpaceException full = assertInstanceOf(LogNoSpaceException.class,
                    failure(log.append(List.of(entry(4, 1)))));
            int fsyncs = disk.fsyncs();
            disk.failFsyncs(null);
            assertSame(full, failure(log.append(List.of(entry(5, 1)))));
            assertEquals(fsyncs, disk.fsyncs());
        }
    }

    @Test
    void poisonedDiskRefusesEveryWriteButStillReads() throws IOException {
        FailStopDisk failStop = new FailStopDisk(disk);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        try (DiskFile fa = failStop.open(a, Disk.Mode.CREATE); DiskFile fb = failStop.open(b, Disk.Mode.CREATE)) {
            fa.writeFully(java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3}), 0);
            disk.failFsyncs(new IOException("Input/output error"));
            LogStoreException poison = assertThrows(LogStoreException.class, () -> fa.force(false));
            disk.failFsyncs(null);
            int fsyncs = disk.fsyncs();
            assertSame(poison, assertThrows(LogStoreException.class, () -> fa.force(false)));
            assertSame(poison, assertThrows(LogStoreException.class, () -> fb.force(true)));
            assertSame(poison, assertThrows(LogStoreException.class,
                    () -> fb.write(java.nio.ByteBuffer.wrap(new byte[1]), 0)));
            assertSame(poison, assertThrows(LogStoreException.class, () -> fa.truncate(0)));
            assertSame(poison, assertThrows(LogStoreException.class, () -> failStop.syncDirectory(dir)));
            assertSame(poison, assertThrows(LogStoreException.class, () -> failStop.delete(a)));
            assertSame(poison, assertThrows(LogStoreException.class, () -> failStop.open(b, Disk.Mode.WRITE)));
            assertEquals(fsyncs, disk.fsyncs(), "refused before reaching the disk");
            assertEquals(3, failStop.readAll(a).length, "reads still work");
            assertSame(poison, failStop.poison());
        }
    }
}

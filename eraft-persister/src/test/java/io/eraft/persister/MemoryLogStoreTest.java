package io.eraft.persister;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.log.LogStoreStats;
import io.eraft.api.log.SnapshotMeta;
import io.eraft.persister.core.GatedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static io.eraft.persister.Entries.assertSameEntries;
import static io.eraft.persister.Entries.entry;
import static io.eraft.persister.Entries.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory log's crash and restart behaviour. */
class MemoryLogStoreTest {
    /** Long enough that no sync happens before the test crashes the store (the crash interrupts the wait). */
    private static final Map<String, String> NEVER_SYNCS_IN_TIME = Map.of("sync-delay-micros", "60000000");

    private final Path dir = Path.of("memory-log-test", "n1");

    @AfterEach
    void forget() {
        MemoryLogStoreProvider.forget(dir);
    }

    private LogStore open(Map<String, String> options) {
        return LogStoreProvider.byName("memory").open(dir, options);
    }

    @Test
    void crashKeepsOnlySyncedWrites() {
        try (LogStore log = open(Map.of())) {
            log.append(range(1, 3, 1)).join();
            log.saveHardState(new HardState(1, "n1")).join();
        }
        MemoryLogStore log = (MemoryLogStore) open(NEVER_SYNCS_IN_TIME);
        CompletableFuture<Long> unsynced = log.append(range(4, 6, 2));
        CompletableFuture<Void> unsyncedVote = log.saveHardState(new HardState(2, "n2"));
        CompletableFuture<Void> unsyncedCompaction = log.compact(new SnapshotMeta(2, 1));
        assertEquals(6, log.lastIndex(), "unsynced writes are visible before the crash");
        log.crash();
        for (CompletableFuture<?> f : List.of(unsynced, unsyncedVote, unsyncedCompaction)) {
            CompletionException e = assertThrows(CompletionException.class, f::join);
            assertInstanceOf(LogStoreException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("crashed"), e.getCause().getMessage());
        }
        try (LogStore reopened = open(Map.of())) {
            assertEquals(1, reopened.firstIndex());
            assertEquals(3, reopened.lastIndex());
            assertSameEntries(range(1, 3, 1), reopened.entries(1, 4, Long.MAX_VALUE));
            assertEquals(new HardState(1, "n1"), reopened.hardState());
        }
    }

    @Test
    void closeSyncsPendingWritesSoAReopenKeepsThemAll() {
        LogStore log = open(Map.of("sync-delay-micros", "2000"));
        List<CompletableFuture<Long>> acks = new ArrayList<>();
        for (int i = 1; i <= 50; i += 10) {
            acks.add(log.append(range(i, i + 9, 1)));
        }
        log.saveHardState(new HardState(4, "n4"));
        log.close();
        acks.forEach(f -> assertTrue(f.isDone() && !f.isCompletedExceptionally()));
        try (LogStore reopened = open(Map.of())) {
            assertSameEntries(range(1, 50, 1), reopened.entries(1, 51, Long.MAX_VALUE));
            assertEquals(new HardState(4, "n4"), reopened.hardState());
        }
    }

    @Test
    void crashedLogReopensAndTakesWritesAgain() {
        MemoryLogStore log = (MemoryLogStore) open(Map.of());
        log.append(range(1, 5, 1)).join();
        log.crash();
        assertThrows(LogStoreException.class, log::lastIndex);
        assertThrows(CompletionException.class, () -> log.append(List.of(entry(6, 1))).join());
        try (LogStore reopened = open(Map.of())) {
            assertEquals(5, reopened.lastIndex());
            reopened.append(range(4, 6, 2)).join();
        }
        try (LogStore reopened = open(Map.of())) {
            assertEquals(6, reopened.lastIndex());
            assertEquals(2, reopened.term(4));
        }
    }

    @Test
    void writesQueuedDuringOneSyncShareTheNextOne() {
        GatedThreads syncer = new GatedThreads();
        try (MemoryLogStore log = MemoryLogStoreProvider.open(dir, 0, syncer)) {
            List<CompletableFuture<Long>> acks = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                acks.add(log.append(List.of(entry(i, 1))));
            }
            syncer.open();
            acks.forEach(CompletableFuture::join);
            LogStoreStats stats = log.stats();
            assertEquals(100, stats.entriesAppended());
            assertEquals(1, stats.syncs());
            assertEquals(range(1, 100, 1).stream().mapToLong(e -> e.sizeInBytes()).sum(), stats.bytesWritten());
        }
    }

    @Test
    void forgetDropsTheDurableState() {
        try (LogStore log = open(Map.of())) {
            log.append(range(1, 5, 1)).join();
        }
        MemoryLogStoreProvider.forget(dir);
        try (LogStore log = open(Map.of())) {
            assertEquals(0, log.lastIndex());
        }
    }

    @Test
    void pathsNamingTheSameDirectoryShareOneLog() {
        try (LogStore log = open(Map.of())) {
            log.append(range(1, 2, 1)).join();
            Path sameDir = Path.of("memory-log-test", "other", "..", "n1");
            assertThrows(LogStoreException.class, () -> LogStoreProvider.byName("memory").open(sameDir, Map.of()));
        }
        Path absolute = dir.toAbsolutePath();
        try (LogStore log = LogStoreProvider.byName("memory").open(absolute, Map.of())) {
            assertEquals(2, log.lastIndex());
        }
    }

    @Test
    void sizeInBytesIsTheSizeOfTheHeldEntries() {
        try (LogStore log = open(Map.of())) {
            log.append(range(1, 10, 1)).join();
            log.compact(new SnapshotMeta(4, 1)).join();
            assertEquals(range(5, 10, 1).stream().mapToLong(e -> e.sizeInBytes()).sum(), log.sizeInBytes());
        }
    }
}

package io.eraft.persister;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.HardState;
import io.eraft.api.log.LogCompactedException;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.LogStoreStats;
import io.eraft.api.log.LogUnavailableException;
import io.eraft.api.log.SnapshotMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.eraft.persister.Entries.assertSameEntries;
import static io.eraft.persister.Entries.entry;
import static io.eraft.persister.Entries.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link LogStore} provider must do; each provider's test class runs it. */
abstract class LogStoreContract {
    private static final long ALL = Long.MAX_VALUE;

    @TempDir
    Path dir;

    private final List<LogStore> opened = new ArrayList<>();

    /** Opens (or reopens, recovering) the log in {@code directory}. */
    protected abstract LogStore openStore(Path directory);

    /** Drops whatever outlives the store for {@code directory}. */
    protected abstract void forget(Path directory);

    protected LogStore open() {
        LogStore log = openStore(dir);
        opened.add(log);
        return log;
    }

    protected LogStore reopen(LogStore log) {
        log.close();
        return open();
    }

    @AfterEach
    void closeAll() {
        opened.forEach(LogStore::close);
        forget(dir);
    }

    @Test
    void emptyLogStartsAtIndexOneWithInitialHardState() {
        LogStore log = open();
        assertEquals(1, log.firstIndex());
        assertEquals(0, log.lastIndex());
        assertEquals(SnapshotMeta.NONE, log.snapshotMeta());
        assertEquals(HardState.INITIAL, log.hardState());
        assertEquals(0, log.term(0));
        assertEquals(List.of(), log.entries(1, 1, ALL));
    }

    @Test
    void appendedEntriesAreReadBackWithTheirTerms() {
        LogStore log = open();
        List<LogEntry> written = List.of(entry(1, 1), entry(2, 1), entry(3, 2),
                new LogEntry(4, 2, EntryType.NOOP, new byte[0]), entry(5, 3));
        assertEquals(5L, log.append(written).join());
        assertEquals(1, log.firstIndex());
        assertEquals(5, log.lastIndex());
        assertSameEntries(written, log.entries(1, 6, ALL));
        assertSameEntries(written.subList(2, 4), log.entries(3, 5, ALL));
        long[] terms = {0, 1, 1, 2, 2, 3};
        for (int i = 0; i <= 5; i++) {
            assertEquals(terms[i], log.term(i), "term of " + i);
        }
    }

    @Test
    void readsSeeWritesBeforeTheyAreDurable() {
        LogStore log = open();
        CompletableFuture<Long> first = log.append(range(1, 3, 1));
        CompletableFuture<Void> vote = log.saveHardState(new HardState(1, "n1"));
        CompletableFuture<Long> second = log.append(range(4, 6, 1));
        assertEquals(6, log.lastIndex());
        assertEquals(new HardState(1, "n1"), log.hardState());
        assertSameEntries(range(1, 6, 1), log.entries(1, 7, ALL));
        assertEquals(3L, first.join());
        vote.join();
        assertEquals(6L, second.join());
    }

    @Test
    void appendAtOrBelowLastIndexTruncatesTheConflictingSuffix() {
        LogStore log = open();
        log.append(range(1, 5, 1)).join();
        assertEquals(4L, log.append(List.of(entry(3, 2), entry(4, 2))).join());
        assertEquals(4, log.lastIndex());
        assertEquals(2, log.term(3));
        List<LogEntry> expected = new ArrayList<>(range(1, 2, 1));
        expected.addAll(range(3, 4, 2));
        assertSameEntries(expected, log.entries(1, 5, ALL));
        assertThrows(LogUnavailableException.class, () -> log.term(5));
        assertEquals(5L, log.append(List.of(entry(5, 2))).join());
        expected.add(entry(5, 2));
        assertSameEntries(expected, log.entries(1, 6, ALL));
    }

    @Test
    void truncatedSuffixStaysGoneAfterReopen() {
        LogStore log = open();
        log.append(range(1, 10, 1)).join();
        log.append(range(4, 5, 3)).join();
        log = reopen(log);
        assertEquals(5, log.lastIndex());
        List<LogEntry> expected = new ArrayList<>(range(1, 3, 1));
        expected.addAll(range(4, 5, 3));
        assertSameEntries(expected, log.entries(1, 6, ALL));
    }

    @Test
    void appendRejectsGapsNonContiguousEntriesAndCompactedIndexes() {
        LogStore log = open();
        log.append(range(1, 5, 1)).join();
        assertThrows(LogUnavailableException.class, () -> log.append(List.of(entry(7, 1))));
        assertThrows(IllegalArgumentException.class, () -> log.append(List.of(entry(6, 1), entry(8, 1))));
        log.compact(new SnapshotMeta(3, 1)).join();
        assertThrows(LogCompactedException.class, () -> log.append(List.of(entry(3, 2))));
        assertEquals(4, log.firstIndex());
        assertEquals(5, log.lastIndex());
        assertSameEntries(range(4, 5, 1), log.entries(4, 6, ALL));
    }

    @Test
    void emptyAppendCompletesWithTheLastIndex() {
        LogStore log = open();
        log.append(range(1, 2, 1));
        assertEquals(2L, log.append(List.of()).join());
    }

    @Test
    void entriesStopBeforeMaxBytesButReturnAtLeastOne() {
        LogStore log = open();
        log.append(range(1, 5, 1)).join();
        long size = entry(1, 1).sizeInBytes();
        assertEquals(1, log.entries(1, 6, 0).size());
        assertEquals(1, log.entries(1, 6, size).size());
        assertEquals(2, log.entries(1, 6, 2 * size + 1).size());
        assertEquals(5, log.entries(1, 6, 5 * size).size());
    }

    @Test
    void readsOutsideTheLogThrowCompactedOrUnavailable() {
        LogStore log = open();
        log.append(range(1, 10, 2)).join();
        assertThrows(LogUnavailableException.class, () -> log.term(11));
        assertThrows(LogUnavailableException.class, () -> log.entries(9, 12, ALL));
        assertThrows(IllegalArgumentException.class, () -> log.entries(5, 4, ALL));
        log.compact(new SnapshotMeta(5, 2)).join();
        assertEquals(2, log.term(5));
        assertThrows(LogCompactedException.class, () -> log.term(4));
        assertThrows(LogCompactedException.class, () -> log.entries(5, 7, ALL));
        assertSameEntries(range(6, 10, 2), log.entries(6, 11, ALL));
    }

    @Test
    void compactDropsEntriesUpToTheSnapshotAndSurvivesReopen() {
        LogStore log = open();
        log.append(range(1, 10, 1)).join();
        log.append(range(8, 12, 2)).join();
        log.compact(new SnapshotMeta(8, 2)).join();
        assertEquals(new SnapshotMeta(8, 2), log.snapshotMeta());
        assertEquals(9, log.firstIndex());
        assertEquals(12, log.lastIndex());
        log = reopen(log);
        assertEquals(new SnapshotMeta(8, 2), log.snapshotMeta());
        assertEquals(9, log.firstIndex());
        assertEquals(12, log.lastIndex());
        assertSameEntries(range(9, 12, 2), log.entries(9, 13, ALL));
        assertEquals(13L, log.append(List.of(entry(13, 2))).join());
    }

    @Test
    void compactPastTheLastIndexEmptiesTheLog() {
        LogStore log = open();
        log.append(range(1, 3, 1)).join();
        log.compact(new SnapshotMeta(10, 4)).join();
        assertEquals(11, log.firstIndex());
        assertEquals(10, log.lastIndex());
        assertEquals(4, log.term(10));
        log.append(List.of(entry(11, 4))).join();
        log = reopen(log);
        assertEquals(11, log.firstIndex());
        assertSameEntries(List.of(entry(11, 4)), log.entries(11, 12, ALL));
    }

    @Test
    void compactAtOrBelowTheSnapshotChangesNothing() {
        LogStore log = open();
        log.append(range(1, 6, 1)).join();
        log.compact(new SnapshotMeta(4, 1)).join();
        log.compact(new SnapshotMeta(2, 1)).join();
        log.compact(new SnapshotMeta(4, 1)).join();
        assertEquals(new SnapshotMeta(4, 1), log.snapshotMeta());
        assertEquals(5, log.firstIndex());
        assertEquals(6, log.lastIndex());
    }

    @Test
    void compactRejectsATermTheLogDoesNotHoldAtThatIndex() {
        LogStore log = open();
        log.append(range(1, 6, 1)).join();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> log.compact(new SnapshotMeta(4, 2)));
        assertTrue(e.getMessage().contains("term 1"), e.getMessage());
        assertEquals(1, log.firstIndex());
        assertEquals(6, log.lastIndex());
    }

    @Test
    void resetReplacesTheWholeLogAndSurvivesReopen() {
        LogStore log = open();
        log.saveHardState(new HardState(3, "n3")).join();
        log.append(range(1, 10, 1)).join();
        log.reset(new SnapshotMeta(20, 3)).join();
        assertEquals(21, log.firstIndex());
        assertEquals(20, log.lastIndex());
        assertEquals(3, log.term(20));
        assertThrows(LogCompactedException.class, () -> log.term(10));
        log.append(List.of(entry(21, 3))).join();
        LogStore reopened = reopen(log);
        assertEquals(new SnapshotMeta(20, 3), reopened.snapshotMeta());
        assertEquals(new HardState(3, "n3"), reopened.hardState());
        assertSameEntries(List.of(entry(21, 3)), reopened.entries(21, 22, ALL));
    }

    @Test
    void resetBelowTheLastIndexDropsTheEntriesAfterIt() {
        LogStore log = open();
        log.append(range(1, 10, 1)).join();
        log.reset(new SnapshotMeta(5, 2)).join();
        assertEquals(6, log.firstIndex());
        assertEquals(5, log.lastIndex());
        assertThrows(LogUnavailableException.class, () -> log.term(6));
        LogStore reopened = reopen(log);
        assertEquals(5, reopened.lastIndex());
        assertEquals(2, reopened.term(5));
    }

    @Test
    void hardStateIsSavedAndSurvivesReopen() {
        LogStore log = open();
        log.saveHardState(new HardState(3, "n2")).join();
        assertEquals(new HardState(3, "n2"), log.hardState());
        log = reopen(log);
        assertEquals(new HardState(3, "n2"), log.hardState());
        log.saveHardState(new HardState(4, null)).join();
        log = reopen(log);
        assertEquals(4, log.hardState().term());
        assertNull(log.hardState().votedFor());
    }

    @Test
    void recoveringFlagIsSavedAndSurvivesReopenUntilCleared() {
        LogStore log = open();
        log.saveHardState(new HardState(6, "n3", true)).join();
        assertTrue(log.hardState().recovering());
        log = reopen(log);
        assertEquals(new HardState(6, "n3", true), log.hardState());
        log.saveHardState(new HardState(6, "n3", false)).join();
        log = reopen(log);
        assertEquals(new HardState(6, "n3", false), log.hardState());
    }

    @Test
    void reopenKeepsEverySyncedWrite() {
        LogStore log = open();
        log.append(range(1, 40, 1)).join();
        log.saveHardState(new HardState(2, "n1")).join();
        log.append(range(30, 60, 2)).join();
        log.compact(new SnapshotMeta(35, 2)).join();
        log.append(range(61, 70, 2)).join();
        log.saveHardState(new HardState(5, "n3")).join();
        List<LogEntry> before = log.entries(36, 71, ALL);
        long size = log.sizeInBytes();
        log = reopen(log);
        assertEquals(new HardState(5, "n3"), log.hardState());
        assertEquals(new SnapshotMeta(35, 2), log.snapshotMeta());
        assertEquals(70, log.lastIndex());
        assertSameEntries(before, log.entries(36, 71, ALL));
        assertEquals(size, log.sizeInBytes());
    }

    @Test
    void writesAfterCloseFailAndReadsThrow() {
        LogStore log = open();
        log.append(range(1, 2, 1)).join();
        log.close();
        CompletionException e = assertThrows(CompletionException.class, () -> log.append(List.of(entry(3, 1))).join());
        assertInstanceOf(LogStoreException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
        assertThrows(LogStoreException.class, log::lastIndex);
    }

    @Test
    void secondOpenOfTheSameDirectoryFails() {
        LogStore log = open();
        LogStoreException e = assertThrows(LogStoreException.class, () -> openStore(dir));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
        log.close();
        open().close();
    }

    @Test
    void statsCountAppendedEntriesAndOneSyncPerAwaitedAppend() {
        LogStore log = open();
        LogStoreStats before = log.stats();
        for (int k = 0; k < 3; k++) {
            log.append(range(k * 10 + 1, k * 10 + 10, 1)).join();
        }
        LogStoreStats after = log.stats();
        assertEquals(30, after.entriesAppended() - before.entriesAppended());
        assertEquals(3, after.syncs() - before.syncs());
        assertTrue(after.bytesWritten() - before.bytesWritten() >= 30L * entry(1, 1).data().length, "" + after);
    }

    @Test
    void sizeInBytesGrowsWithEntriesAndShrinksWithReset() {
        LogStore log = open();
        long empty = log.sizeInBytes();
        log.append(range(1, 50, 1)).join();
        long full = log.sizeInBytes();
        assertTrue(full >= empty + 50L * (entry(1, 1).sizeInBytes() - 24), empty + " -> " + full);
        log.reset(new SnapshotMeta(50, 1)).join();
        assertTrue(log.sizeInBytes() < full, "after reset " + log.sizeInBytes());
    }

    @Test
    void readersOnOtherThreadsSeeAConsistentLogWhileItIsWritten() throws InterruptedException {
        LogStore log = open();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                while (!done.get()) {
                    long last = log.lastIndex();
                    long from = Math.max(log.firstIndex(), last - 20);
                    if (from > last) {
                        continue;
                    }
                    List<LogEntry> got;
                    try {
                        got = log.entries(from, last + 1, ALL);
                    } catch (LogCompactedException e) {
                        continue; // compacted between the two calls: a legitimate answer, try again
                    }
                    assertEquals(from, got.get(0).index());
                    assertEquals(last - from + 1, got.size());
                    for (LogEntry e : got) {
                        assertEquals(e.index() <= 1000 ? 1 : 2, e.term(), "term of " + e.index());
                        assertSameEntries(List.of(entry(e.index(), e.term())), List.of(e));
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        List<CompletableFuture<Long>> writes = new ArrayList<>();
        for (int i = 1; i <= 2000; i += 10) {
            writes.add(log.append(range(i, i + 9, i <= 1000 ? 1 : 2)));
            if (i % 500 == 1) {
                log.compact(new SnapshotMeta(i - 1 + 5, i <= 1000 ? 1 : 2));
            }
        }
        writes.forEach(CompletableFuture::join);
        done.set(true);
        reader.join();
        assertNull(failure.get(), () -> "reader saw: " + failure.get());
        assertEquals(2000, log.lastIndex());
    }
}

package io.eraft.store.leveldb;

import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreCorruptedException;
import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreLockedException;
import io.eraft.api.store.StoreOptionsException;
import io.eraft.api.store.WriteBatch;
import io.eraft.api.testkit.LockHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LevelDB specifics: its options, the generation scheme of installSnapshot and the cross-process lock. */
class LevelDbStoreProviderTest {
    private final LevelDbStoreProvider provider = new LevelDbStoreProvider();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyOptionIsAcceptedWithAValidValue(@TempDir Path dir) {
        Map<String, String> options = Map.of("block-cache-size", "16m", "write-buffer-size", "1m",
                "block-size", "8k", "max-open-files", "100", "compression", "none", "sync-writes", "true",
                "paranoid-checks", "true");
        try (StateMachineStore store = provider.open(dir, options)) {
            store.put(b("k"), b("v"));
            assertArrayEquals(b("v"), store.get(b("k")));
        }
    }

    @Test
    void unknownOptionIsRejectedWithTheKnownOnesListed(@TempDir Path dir) {
        StoreOptionsException e = assertThrows(StoreOptionsException.class,
                () -> provider.open(dir, Map.of("cache", "8m")));
        assertTrue(e.getMessage().contains("'cache'"), e.getMessage());
        for (String known : List.of("block-cache-size", "compression", "sync-writes", "write-buffer-size")) {
            assertTrue(e.getMessage().contains(known), e.getMessage());
        }
    }

    @Test
    void compressionOutsideItsChoicesIsRejectedNamingTheChoices(@TempDir Path dir) {
        StoreOptionsException e = assertThrows(StoreOptionsException.class,
                () -> provider.open(dir, Map.of("compression", "zstd")));
        assertTrue(e.getMessage().contains("compression") && e.getMessage().contains("none|snappy"), e.getMessage());
    }

    @Test
    void userScansNeverReturnTheAppliedIndexRecord(@TempDir Path dir) {
        try (StateMachineStore store = provider.open(dir)) {
            store.write(new WriteBatch().put(new byte[0], b("empty key")).appliedIndex(9));
            try (var it = store.scan(io.eraft.api.store.KeyRange.all())) {
                KeyValue only = it.next();
                assertArrayEquals(new byte[0], only.key());
                assertFalse(it.hasNext());
            }
        }
    }

    @Test
    void installSnapshotSwitchesToANewGenerationAndDeletesTheOldOne(@TempDir Path dir) throws Exception {
        try (StateMachineStore store = provider.open(dir)) {
            store.put(b("old"), b("1"));
            store.installSnapshot(7, List.of(new KeyValue(b("new"), b("2"))).iterator());
            assertNull(store.get(b("old")));
        }
        assertEquals("db-000002", read(dir.resolve(io.eraft.api.spi.support.StoreGenerations.POINTER)));
        assertEquals(List.of("db-000002"), generationsIn(dir));
    }

    @Test
    void leftoverOfAnInterruptedInstallIsDeletedOnOpenAndTheLiveContentsRemain(@TempDir Path dir) throws Exception {
        try (StateMachineStore store = provider.open(dir)) {
            store.write(new WriteBatch().put(b("k"), b("v")).appliedIndex(3));
        }
        Path halfBuilt = dir.resolve("db-000002");
        Files.createDirectories(halfBuilt);
        Files.writeString(halfBuilt.resolve("000003.log"), "torn");
        try (StateMachineStore store = provider.open(dir)) {
            assertArrayEquals(b("v"), store.get(b("k")));
            assertEquals(3, store.appliedIndex());
        }
        assertEquals(List.of("db-000001"), generationsIn(dir));
    }

    @Test
    void oldGenerationLeftBehindAfterThePointerSwitchIsDeletedOnOpen(@TempDir Path dir) throws Exception {
        try (StateMachineStore store = provider.open(dir)) {
            store.installSnapshot(5, List.of(new KeyValue(b("k"), b("new"))).iterator());
        }
        Files.createDirectories(dir.resolve("db-000001"));
        try (StateMachineStore store = provider.open(dir)) {
            assertArrayEquals(b("new"), store.get(b("k")));
            assertEquals(5, store.appliedIndex());
        }
        assertEquals(List.of("db-000002"), generationsIn(dir));
    }

    @Test
    void pointerNamingAMissingDatabaseIsReportedAsCorruption(@TempDir Path dir) throws Exception {
        provider.open(dir).close();
        Files.writeString(dir.resolve(io.eraft.api.spi.support.StoreGenerations.POINTER), "db-000042\n");
        StoreCorruptedException e = assertThrows(StoreCorruptedException.class, () -> provider.open(dir));
        assertTrue(e.getMessage().contains("db-000042"), e.getMessage());
    }

    @Test
    void directoryLockedByAnotherProcessIsReportedAsLocked(@TempDir Path dir, @TempDir Path work) throws Exception {
        provider.open(dir).close();
        try (LockHolder other = LockHolder.lock(dir.resolve("eraft-leveldb.lock"), work)) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> provider.open(dir));
            assertTrue(e.getMessage().contains("another process"), e.getMessage());
            assertTrue(other.isAlive(), "the lock holder was still running");
        }
        provider.open(dir).close();
    }

    @Test
    void nonEmptyDirectoryThatIsNotAStoreIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        StoreException e = assertThrows(StoreException.class, () -> provider.open(dir));
        assertTrue(e.getMessage().contains("not empty") && e.getMessage().contains("notes.txt"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("notes.txt")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> generationsIn(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("db-")).sorted().toList();
        }
    }

    @Test
    void theProviderDeclaresItsSevenOptionsAndAMistypedOneIsRefusedNamingTheNearest(@TempDir Path dir) {
        assertEquals(List.of("block-cache-size", "write-buffer-size", "block-size", "max-open-files", "compression",
                "sync-writes", "paranoid-checks"),
                provider.settings().stream().map(io.eraft.api.settings.Setting::key).toList());
        StoreOptionsException e = assertThrows(StoreOptionsException.class,
                () -> provider.open(dir, Map.of("block-cache-sise", "8m")));
        assertTrue(e.getMessage().contains("did you mean 'block-cache-size'?"), e.getMessage());
        assertTrue(e.getCause() instanceof io.eraft.api.settings.UnknownSettingException, String.valueOf(e.getCause()));
    }
}

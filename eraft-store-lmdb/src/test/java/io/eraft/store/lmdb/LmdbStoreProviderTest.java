package io.eraft.store.lmdb;

import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreLockedException;
import io.eraft.api.store.StoreOptionsException;
import io.eraft.api.store.WriteBatch;
import io.eraft.api.testkit.LockHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LMDB specifics: its options, a full map, LMDB's key limit and the cross-process lock. */
class LmdbStoreProviderTest {
    private final LmdbStoreProvider provider = new LmdbStoreProvider();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everySyncModeOpensAWorkingStore(@TempDir Path dir) {
        for (String mode : List.of("sync", "nometasync", "nosync")) {
            Path d = dir.resolve(mode);
            try (StateMachineStore store = provider.open(d, Map.of("sync", mode, "map-size", "64m",
                    "max-readers", "16"))) {
                store.write(new WriteBatch().put(b("k"), b(mode)).appliedIndex(1));
                store.sync();
            }
            try (StateMachineStore store = provider.open(d)) {
                assertArrayEquals(b(mode), store.get(b("k")), mode);
                assertEquals(1, store.appliedIndex(), mode);
            }
        }
    }

    @Test
    void unknownOptionIsRejectedWithTheKnownOnesListed(@TempDir Path dir) {
        StoreOptionsException e = assertThrows(StoreOptionsException.class,
                () -> provider.open(dir, Map.of("mapsize", "1g")));
        assertTrue(e.getMessage().contains("map-size, max-readers, sync"), e.getMessage());
    }

    @Test
    void mapSizeBelowItsMinimumIsRejectedNamingTheRange(@TempDir Path dir) {
        StoreOptionsException e = assertThrows(StoreOptionsException.class,
                () -> provider.open(dir, Map.of("map-size", "4k")));
        assertTrue(e.getMessage().contains("map-size") && e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void fullMapFailsTheWriteAskingForALargerMapSizeAndKeepsEarlierData(@TempDir Path dir) {
        try (StateMachineStore store = provider.open(dir, Map.of("map-size", "1m"))) {
            store.write(new WriteBatch().put(b("first"), b("kept")).appliedIndex(1));
            byte[] value = new byte[64 * 1024];
            StoreException e = assertThrows(StoreException.class, () -> {
                for (int i = 0; i < 64; i++) {
                    store.write(new WriteBatch().put(b("big-" + i), value).appliedIndex(2 + i));
                }
            });
            assertTrue(e.getMessage().contains("map is full") && e.getMessage().contains("larger map-size"),
                    e.getMessage());
            assertArrayEquals(b("kept"), store.get(b("first")));
            assertTrue(store.appliedIndex() >= 1);
        }
    }

    @Test
    void keyLongerThanLmdbAllowsIsRejectedNamingTheLimit(@TempDir Path dir) {
        try (StateMachineStore store = provider.open(dir)) {
            byte[] longest = new byte[510];
            store.put(longest, b("fits"));
            assertArrayEquals(b("fits"), store.get(longest));
            StoreException e = assertThrows(StoreException.class, () -> store.put(new byte[511], b("x")));
            assertTrue(e.getMessage().contains("511 bytes") && e.getMessage().contains("510"), e.getMessage());
        }
    }

    @Test
    void emptyKeyAndEmptyValueAreStoredAndScanned(@TempDir Path dir) {
        try (StateMachineStore store = provider.open(dir)) {
            store.put(new byte[0], new byte[0]);
            assertArrayEquals(new byte[0], store.get(new byte[0]));
            try (var it = store.scan(KeyRange.all())) {
                KeyValue kv = it.next();
                assertEquals(0, kv.key().length);
                assertEquals(0, kv.value().length);
                assertFalse(it.hasNext());
            }
        }
    }

    @Test
    void installSnapshotWithOutOfOrderEntriesChangesNothing(@TempDir Path dir) {
        try (StateMachineStore store = provider.open(dir)) {
            store.write(new WriteBatch().put(b("a"), b("1")).appliedIndex(4));
            StoreException e = assertThrows(StoreException.class, () -> store.installSnapshot(9,
                    List.of(new KeyValue(b("y"), b("2")), new KeyValue(b("x"), b("3"))).iterator()));
            assertTrue(e.getMessage().contains("strictly increasing"), e.getMessage());
            assertArrayEquals(b("1"), store.get(b("a")));
            assertNull(store.get(b("y")));
            assertEquals(4, store.appliedIndex());
        }
    }

    @Test
    void directoryLockedByAnotherProcessIsReportedAsLocked(@TempDir Path dir, @TempDir Path work) throws Exception {
        provider.open(dir).close();
        try (LockHolder other = LockHolder.lock(dir.resolve("eraft-lmdb.lock"), work)) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> provider.open(dir));
            assertTrue(e.getMessage().contains("another process"), e.getMessage());
            assertTrue(other.isAlive(), "the lock holder was still running");
        }
        provider.open(dir).close();
    }

    @Test
    void theProviderDeclaresItsThreeOptionsAndAMapSizeOutOfRangeIsRefusedNamingTheRange(@TempDir Path dir) {
        assertEquals(List.of("map-size", "max-readers", "sync"),
                provider.settings().stream().map(io.eraft.api.settings.Setting::key).toList());
        StoreOptionsException e = assertThrows(StoreOptionsException.class,
                () -> provider.open(dir, Map.of("map-size", "4KiB")));
        assertTrue(e.getMessage().contains("'map-size'") && e.getMessage().contains("1MiB..16TiB"), e.getMessage());
    }
}

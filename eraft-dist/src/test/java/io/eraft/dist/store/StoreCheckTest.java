package io.eraft.dist.store;

import io.eraft.api.UnknownProviderException;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** store-check prints one ok line per check, passes on a healthy store, and reports FAIL with the reason. */
class StoreCheckTest {
    private static final List<String> STEPS = List.of("open", "clear", "write", "read", "append-delete",
            "prefix-scan", "range-scan", "snapshot", "reopen");

    private record Run(boolean passed, String out) {
    }

    private static Run check(String store, Path dir, int keys) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean passed;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            passed = StoreCheck.run(store, dir, keys, out);
        }
        return new Run(passed, bytes.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.eraft.dist.store.StoreProviders#all")
    void everyCheckPassesAndPrintsOkTwiceInTheSameDirectory(StoreProvider provider, @TempDir Path dir) {
        for (int run = 1; run <= 2; run++) {
            Run r = check(provider.name(), dir, run == 1 ? 1234 : 300);
            assertTrue(r.passed(), r.out());
            assertFalse(r.out().contains("FAIL"), r.out());
            for (String step : STEPS) {
                assertTrue(r.out().lines().anyMatch(l -> l.startsWith(step + " ") && l.contains(" ok ")),
                        step + " has no ok line:\n" + r.out());
            }
            assertTrue(r.out().contains("all " + STEPS.size() + " checks passed"), r.out());
        }
        assertTrue(Files.isDirectory(dir.resolve("restore")), "the snapshot was installed into DIR/restore");
    }

    @Test
    void secondRunRemovesTheKeysOfALargerFirstRun(@TempDir Path dir) {
        assertTrue(check("leveldb", dir, 500).passed());
        Run second = check("leveldb", dir, 120);
        assertTrue(second.passed(), second.out());
        assertTrue(second.out().contains("500 keys left by an earlier run removed"), second.out());
    }

    @Test
    void unknownStoreNameSurfacesTheUnknownProviderException(@TempDir Path dir) {
        UnknownProviderException e = assertThrows(UnknownProviderException.class, () -> check("rocksdb", dir, 10));
        assertTrue(e.getMessage().contains("leveldb") && e.getMessage().contains("lmdb"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("rocksdb")));
    }

    @Test
    void storeThatCannotBeOpenedIsAFailedCheckWithTheReason(@TempDir Path dir) {
        StoreProvider leveldb = io.eraft.api.store.Stores.provider("leveldb");
        try (StateMachineStore holder = leveldb.open(dir)) {
            Run r = check("leveldb", dir, 10);
            assertFalse(r.passed(), r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("open") && l.contains("FAIL")
                    && l.contains("already open")), r.out());
            assertEquals(0, holder.appliedIndex());
        }
    }

    @Test
    void keysBelowOneIsRejected(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check("lmdb", dir, 0));
        assertTrue(e.getMessage().contains("--keys"), e.getMessage());
    }
}

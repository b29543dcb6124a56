package io.eraft.dist.store;

import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreClosedException;
import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreLockedException;
import io.eraft.api.settings.Setting;
import io.eraft.api.store.StoreOptionsException;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.StoreSnapshot;
import io.eraft.api.store.Stores;
import io.eraft.api.store.WriteBatch;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.eraft.dist.store.StoreProviders.b;
import static io.eraft.dist.store.StoreProviders.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Contract: each misuse or environment problem surfaces as its specific exception with a clear message. */
class StoreErrorsContractTest {
    private static final String PROVIDERS = "io.eraft.dist.store.StoreProviders#all";

    @ParameterizedTest(name = "{0}")
    @MethodSource(PROVIDERS)
    void unknownOptionFailsListingEveryKnownOption(StoreProvider provider, @TempDir Path dir) {
        StoreOptionsException e = assertThrows(StoreOptionsException.class,
                () -> provider.open(dir, Map.of("no-such-option", "1")));
        assertTrue(e.getMessage().contains("no-such-option"), e.getMessage());
        for (Setting<?> option : provider.settings()) {
            assertTrue(e.getMessage().contains(option.key()), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PROVIDERS)
    void malformedValueOfEachOptionFailsNamingTheOption(StoreProvider provider, @TempDir Path dir) {
        for (Setting<?> option : provider.settings()) {
            StoreOptionsException e = assertThrows(StoreOptionsException.class,
                    () -> provider.open(dir, Map.of(option.key(), "not-a-value")), option.key());
            assertTrue(e.getMessage().contains(option.key()) && e.getMessage().contains("not-a-value"),
                    e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PROVIDERS)
    void everyOptionAcceptsItsDefaultWrittenAsText(StoreProvider provider, @TempDir Path dir) {
        Map<String, String> defaults = new java.util.HashMap<>();
        for (Setting<?> option : provider.settings()) {
            defaults.put(option.key(), option.defaultText());
        }
        try (StateMachineStore store = provider.open(dir, defaults)) {
            store.put(b("k"), b("v"));
            assertEquals("v", s(store.get(b("k"))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PROVIDERS)
    void missingButCreatableDirectoryIsCreated(StoreProvider provider, @TempDir Path tmp) {
        Path dir = tmp.resolve("a").resolve("b").resolve("store");
        try (StateMachineStore store = provider.open(dir)) {
            store.put(b("k"), b("v"));
        }
        assertTrue(Files.isDirectory(dir));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PROVIDERS)
    void pathThatIsARegularFileFailsNamingThePath(StoreProvider provider, @TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        StoreException e = assertThrows(StoreException.class, () -> provider.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a directory"),
                e.getMessage());
        assertEquals("x", Files.readString(file), "the file is left alone");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PROVIDERS)
    void directoryThatCannotBeCreatedFailsNamingThePathAndCause(StoreProvider provider, @TempDir Path tmp)
            throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path below = file.resolve("store");
        StoreException e = assertThrows(StoreException.class, () -> provider.open(below));
        assertTrue(e.getMessage().contains("cannot create directory") && e.getMessage().contains(below.toString())
                && e.getMessage().contains("a-file"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PROVIDERS)
    void directoryOpenInAnotherStoreInstanceIsLockedUntilThatOneCloses(StoreProvider provider, @TempDir Path dir) {
        StateMachineStore first = provider.open(dir);
        try {
            first.put(b("k"), b("v"));
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> provider.open(dir));
            assertTrue(e.getMessage().contains(dir.getFileName().toString()), e.getMessage());
            assertEquals("v", s(first.get(b("k"))), "the failed open left the first instance working");
            assertThrows(StoreLockedException.class, () -> provider.open(dir.resolve("..").resolve(
                    dir.getFileName())), "another spelling of the same directory");
        } finally {
            first.close();
        }
        try (StateMachineStore second = provider.open(dir)) {
            assertEquals("v", s(second.get(b("k"))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PROVIDERS)
    void directoryOfAnotherProviderIsRefused(StoreProvider provider, @TempDir Path dir) {
        StoreProvider other = Stores.providers().stream().filter(p -> !p.name().equals(provider.name()))
                .findFirst().orElseThrow();
        other.open(dir).close();
        StoreException e = assertThrows(StoreException.class, () -> provider.open(dir));
        assertTrue(e.getMessage().contains(other.name()), e.getMessage());
        other.open(dir).close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PROVIDERS)
    void everyCallAfterCloseFailsWithStoreClosed(StoreProvider provider, @TempDir Path dir) {
        StateMachineStore store = provider.open(dir);
        store.put(b("k"), b("v"));
        store.close();
        store.close();
        List<Executable> calls = List.of(
                () -> store.get(b("k")),
                () -> store.put(b("k"), b("v")),
                () -> store.append(b("k"), b("v")),
                () -> store.delete(b("k")),
                () -> store.write(new WriteBatch().put(b("k"), b("v"))),
                () -> store.appliedIndex(),
                () -> store.scan(KeyRange.all()),
                () -> store.scanPrefix(b("k")),
                () -> store.snapshot(),
                () -> store.installSnapshot(1, List.<KeyValue>of().iterator()),
                () -> store.sync(),
                () -> store.approximateSize());
        for (int i = 0; i < calls.size(); i++) {
            StoreClosedException e = assertThrows(StoreClosedException.class, calls.get(i), "call #" + i);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PROVIDERS)
    void closingTheStoreClosesItsOpenIteratorsAndSnapshots(StoreProvider provider, @TempDir Path dir) {
        StateMachineStore store = provider.open(dir);
        store.put(b("a"), b("1"));
        store.put(b("b"), b("2"));
        CloseableIterator<KeyValue> scan = store.scan(KeyRange.all());
        StoreSnapshot snapshot = store.snapshot();
        CloseableIterator<KeyValue> entries = snapshot.entries();
        assertTrue(scan.hasNext());
        store.close();
        assertThrows(StoreClosedException.class, scan::hasNext);
        assertThrows(StoreClosedException.class, entries::next);
        assertThrows(StoreClosedException.class, snapshot::entries);
        scan.close();
        snapshot.close();
        try (StateMachineStore reopened = provider.open(dir)) {
            assertFalse(StoreProviders.scan(reopened, KeyRange.all()).isEmpty(), "the directory lock was released");
        }
    }
}

package io.eraft.api.tck;

import io.eraft.api.spi.support.StoreDirectory;
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
import io.eraft.api.store.WriteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.eraft.api.tck.StoreData.b;
import static io.eraft.api.tck.StoreData.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract: each misuse or environment problem surfaces as its specific exception with a clear message.
 *
 * <p>How a provider runs it: depend on the kit (eRaft's version) with JUnit Jupiter,
 * <pre>{@code
 * <dependency>
 *   <groupId>io.eraft</groupId>
 *   <artifactId>eraft-api</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 * and extend this class once in the provider's tests:
 * <pre>{@code
 * class MyStoreErrorsContractTest extends StoreErrorsContract {
 *     @Override
 *     protected StoreProvider provider() {
 *         return new MyStoreProvider();
 *     }
 * }
 * }</pre>
 */
public abstract class StoreErrorsContract extends StoreContract {
    private static final String OTHER_PROVIDER = "tck-other-provider";


    @Test
    void unknownOptionFailsListingEveryKnownOption(@TempDir Path dir) {
        StoreProvider provider = provider();
        StoreOptionsException e = assertThrows(StoreOptionsException.class,
                () -> provider.open(dir, Map.of("no-such-option", "1")));
        assertTrue(e.getMessage().contains("no-such-option"), e.getMessage());
        for (Setting<?> option : provider.settings()) {
            assertTrue(e.getMessage().contains(option.key()), e.getMessage());
        }
    }

    @Test
    void malformedValueOfEachOptionFailsNamingTheOption(@TempDir Path dir) {
        StoreProvider provider = provider();
        for (Setting<?> option : provider.settings()) {
            StoreOptionsException e = assertThrows(StoreOptionsException.class,
                    () -> provider.open(dir, Map.of(option.key(), "not-a-value")), option.key());
            assertTrue(e.getMessage().contains(option.key()) && e.getMessage().contains("not-a-value"),
                    e.getMessage());
        }
    }

    @Test
    void everyOptionAcceptsItsDefaultWrittenAsText(@TempDir Path dir) {
        StoreProvider provider = provider();
        Map<String, String> defaults = new java.util.HashMap<>();
        for (Setting<?> option : provider.settings()) {
            defaults.put(option.key(), option.defaultText());
        }
        try (StateMachineStore store = provider.open(dir, defaults)) {
            store.put(b("k"), b("v"));
            assertEquals("v", s(store.get(b("k"))));
        }
    }

    @Test
    void missingButCreatableDirectoryIsCreated(@TempDir Path tmp) {
        StoreProvider provider = provider();
        Path dir = tmp.resolve("a").resolve("b").resolve("store");
        try (StateMachineStore store = provider.open(dir)) {
            store.put(b("k"), b("v"));
        }
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void pathThatIsARegularFileFailsNamingThePath(@TempDir Path tmp) throws Exception {
        StoreProvider provider = provider();
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        StoreException e = assertThrows(StoreException.class, () -> provider.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a directory"),
                e.getMessage());
        assertEquals("x", Files.readString(file), "the file is left alone");
    }

    @Test
    void directoryThatCannotBeCreatedFailsNamingThePathAndCause(@TempDir Path tmp) throws Exception {
        StoreProvider provider = provider();
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path below = file.resolve("store");
        StoreException e = assertThrows(StoreException.class, () -> provider.open(below));
        assertTrue(e.getMessage().contains("cannot create directory") && e.getMessage().contains(below.toString())
                && e.getMessage().contains("a-file"), e.getMessage());
    }

    @Test
    void directoryOpenInAnotherStoreInstanceIsLockedUntilThatOneCloses(@TempDir Path dir) {
        StoreProvider provider = provider();
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

    /**
     * The other provider is a stand-in named {@value #OTHER_PROVIDER} that marks its directory the way the
     * built-in providers do ({@link StoreDirectory}); eraft-dist checks the same between the real LevelDB and LMDB
     * providers.
     */
    @Test
    void directoryOfAnotherProviderIsRefusedNamingItAndLeftAsItWas(@TempDir Path dir) throws Exception {
        StoreProvider provider = provider();
        try (StoreDirectory other = StoreDirectory.open(OTHER_PROVIDER, dir)) {
            Files.writeString(other.path().resolve("other-data"), "x");
        }
        Path marker = dir.resolve(StoreDirectory.MARKER);
        String markerBefore = Files.readString(marker);
        StoreException e = assertThrows(StoreException.class, () -> provider.open(dir));
        assertTrue(e.getMessage().contains(OTHER_PROVIDER), e.getMessage());
        assertEquals(markerBefore, Files.readString(marker), "the other provider's marker is left alone");
        assertEquals("x", Files.readString(dir.resolve("other-data")), "the other provider's files are left alone");
        StoreDirectory.open(OTHER_PROVIDER, dir).close();
    }

    @Test
    void everyCallAfterCloseFailsWithStoreClosed(@TempDir Path dir) {
        StoreProvider provider = provider();
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

    @Test
    void closingTheStoreClosesItsOpenIteratorsAndSnapshots(@TempDir Path dir) {
        StoreProvider provider = provider();
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
            assertFalse(StoreData.scan(reopened, KeyRange.all()).isEmpty(), "the directory lock was released");
        }
    }
}

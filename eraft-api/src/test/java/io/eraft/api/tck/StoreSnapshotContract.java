package io.eraft.api.tck;

import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.StoreSnapshot;
import io.eraft.api.store.WriteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static io.eraft.api.tck.StoreData.b;
import static io.eraft.api.tck.StoreData.drain;
import static io.eraft.api.tck.StoreData.kv;
import static io.eraft.api.tck.StoreData.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract: snapshots are point-in-time views; installSnapshot replaces everything atomically.
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
 * class MyStoreSnapshotContractTest extends StoreSnapshotContract {
 *     @Override
 *     protected StoreProvider provider() {
 *         return new MyStoreProvider();
 *     }
 * }
 * }</pre>
 */
public abstract class StoreSnapshotContract extends StoreContract {

    private static void fill(StateMachineStore store, int n, long appliedIndex) {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < n; i++) {
            batch.put(b(String.format("key-%05d", i)), b("value-" + i));
        }
        batch.put(new byte[] {(byte) 0xff, 0x00}, new byte[0]);
        store.write(batch.appliedIndex(appliedIndex));
    }

    @Test
    void snapshotInstalledIntoAFreshStoreGivesIdenticalContentsAndAppliedIndex(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore source = provider.open(dir.resolve("source"));
             StateMachineStore target = provider.open(dir.resolve("target"))) {
            fill(source, 3000, 42);
            List<KeyValue> expected = scan(source, KeyRange.all());
            try (StoreSnapshot snapshot = source.snapshot(); CloseableIterator<KeyValue> it = snapshot.entries()) {
                assertEquals(42, snapshot.appliedIndex());
                target.installSnapshot(snapshot.appliedIndex(), it);
            }
            assertEquals(expected, scan(target, KeyRange.all()));
            assertEquals(42, target.appliedIndex());
        }
        try (StateMachineStore target = provider.open(dir.resolve("target"))) {
            assertEquals(3001, scan(target, KeyRange.all()).size(), "the installed contents survive a reopen");
            assertEquals(42, target.appliedIndex());
        }
    }

    @Test
    void snapshotDoesNotSeeLaterWritesAndCanBeReadTwice(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            store.write(new WriteBatch().put(b("a"), b("1")).put(b("b"), b("2")).appliedIndex(3));
            try (StoreSnapshot snapshot = store.snapshot()) {
                store.write(new WriteBatch().put(b("a"), b("changed")).delete(b("b")).put(b("c"), b("new"))
                        .appliedIndex(4));
                List<KeyValue> expected = List.of(kv("a", "1"), kv("b", "2"));
                try (CloseableIterator<KeyValue> first = snapshot.entries()) {
                    assertEquals(expected, drain(first));
                }
                try (CloseableIterator<KeyValue> second = snapshot.entries()) {
                    assertEquals(expected, drain(second));
                }
                assertEquals(3, snapshot.appliedIndex());
            }
            assertEquals(List.of(kv("a", "changed"), kv("c", "new")), scan(store, KeyRange.all()));
            assertEquals(4, store.appliedIndex());
        }
    }

    @Test
    void installReplacesEveryExistingKeyAndMayLowerTheAppliedIndex(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            fill(store, 100, 500);
            store.installSnapshot(7, List.of(kv("only", "one")).iterator());
            assertEquals(List.of(kv("only", "one")), scan(store, KeyRange.all()));
            assertEquals(7, store.appliedIndex());
            store.installSnapshot(8, List.<KeyValue>of().iterator());
            assertEquals(List.of(), scan(store, KeyRange.all()));
            assertEquals(8, store.appliedIndex());
            store.write(new WriteBatch().put(b("after"), b("x")).appliedIndex(9));
        }
        try (StateMachineStore store = provider.open(dir)) {
            assertEquals(List.of(kv("after", "x")), scan(store, KeyRange.all()));
            assertEquals(9, store.appliedIndex());
        }
    }

    @Test
    void installFailingPartWayKeepsThePreviousContentsAndIndex(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            fill(store, 50, 20);
            List<KeyValue> before = scan(store, KeyRange.all());
            Iterator<KeyValue> failing = new Iterator<>() {
                private int n;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public KeyValue next() {
                    if (n == 1000) {
                        throw new IllegalStateException("snapshot stream broke");
                    }
                    return kv(String.format("new-%05d", n++), "x");
                }
            };
            StoreException e = assertThrows(StoreException.class, () -> store.installSnapshot(99, failing));
            assertTrue(e.getMessage().contains("snapshot stream broke"), e.getMessage());
            assertEquals(before, scan(store, KeyRange.all()));
            assertEquals(20, store.appliedIndex());

            StoreException order = assertThrows(StoreException.class, () -> store.installSnapshot(99,
                    List.of(kv("b", "1"), kv("a", "2")).iterator()));
            assertTrue(order.getMessage().contains("increasing"), order.getMessage());
            assertEquals(before, scan(store, KeyRange.all()));

            store.write(new WriteBatch().put(b("still"), b("usable")).appliedIndex(21));
        }
        try (StateMachineStore store = provider.open(dir)) {
            assertEquals(52, scan(store, KeyRange.all()).size());
            assertEquals(21, store.appliedIndex());
        }
    }

    @Test
    void snapshotTakenBeforeAnInstallStillShowsTheOldContents(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            store.write(new WriteBatch().put(b("old"), b("1")).appliedIndex(1));
            try (StoreSnapshot snapshot = store.snapshot();
                 CloseableIterator<KeyValue> open = store.scan(KeyRange.all())) {
                store.installSnapshot(2, List.of(kv("new", "2")).iterator());
                assertEquals(List.of(kv("old", "1")), drain(open));
                try (CloseableIterator<KeyValue> it = snapshot.entries()) {
                    assertEquals(List.of(kv("old", "1")), drain(it));
                }
                assertEquals(1, snapshot.appliedIndex());
            }
            assertEquals(List.of(kv("new", "2")), scan(store, KeyRange.all()));
        }
    }

    @Test
    void snapshotIteratorEndsWithNoSuchElement(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir);
             StoreSnapshot snapshot = store.snapshot();
             CloseableIterator<KeyValue> it = snapshot.entries()) {
            assertEquals(0, snapshot.appliedIndex());
            assertThrows(NoSuchElementException.class, it::next);
        }
    }
}

package io.eraft.api.tck;

import io.eraft.api.store.KeyRange;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.WriteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.eraft.api.tck.StoreData.b;
import static io.eraft.api.tck.StoreData.kv;
import static io.eraft.api.tck.StoreData.s;
import static io.eraft.api.tck.StoreData.scan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract: single operations, write batches and the applied index, and what survives a reopen.
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
 * class MyStoreBasicsContractTest extends StoreBasicsContract {
 *     @Override
 *     protected StoreProvider provider() {
 *         return new MyStoreProvider();
 *     }
 * }
 * }</pre>
 */
public abstract class StoreBasicsContract extends StoreContract {

    @Test
    void newStoreIsEmptyWithAppliedIndexZeroAndNamesItsProvider(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            assertEquals(provider.name(), store.providerName());
            assertEquals(0, store.appliedIndex());
            assertEquals(List.of(), scan(store, KeyRange.all()));
            assertNull(store.get(b("absent")));
        }
    }

    @Test
    void putGetAppendDeleteIncludingEmptyValuesAndAbsentKeys(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            store.put(b("k"), b("v1"));
            assertEquals("v1", s(store.get(b("k"))));
            store.put(b("k"), b("v2"));
            assertEquals("v2", s(store.get(b("k"))));
            store.append(b("k"), b("+a"));
            assertEquals("v2+a", s(store.get(b("k"))));

            store.put(b("empty"), new byte[0]);
            assertArrayEquals(new byte[0], store.get(b("empty")), "an empty value is present, not absent");
            store.append(b("empty"), new byte[0]);
            assertArrayEquals(new byte[0], store.get(b("empty")));

            store.append(b("fresh"), b("x"));
            assertEquals("x", s(store.get(b("fresh"))), "append to an absent key starts from the empty value");

            store.delete(b("k"));
            assertNull(store.get(b("k")));
            store.delete(b("never-there"));
            assertNull(store.get(b("never-there")));
            assertEquals(List.of(kv("empty", ""), kv("fresh", "x")), scan(store, KeyRange.all()));
        }
    }

    @Test
    void batchAppliesItsOperationsInOrderWithItsAppliedIndex(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            store.put(b("gone"), b("x"));
            store.put(b("base"), b("b"));
            store.write(new WriteBatch()
                    .put(b("a"), b("1")).append(b("a"), b("2")).append(b("a"), b("3"))
                    .append(b("base"), b("+"))
                    .put(b("d"), b("x")).delete(b("d")).append(b("d"), b("y"))
                    .delete(b("gone"))
                    .appliedIndex(12));
            assertEquals(List.of(kv("a", "123"), kv("base", "b+"), kv("d", "y")), scan(store, KeyRange.all()));
            assertEquals(12, store.appliedIndex());
        }
    }

    @Test
    void batchWithoutAppliedIndexKeepsTheStoredOne(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            store.write(new WriteBatch().put(b("a"), b("1")).appliedIndex(5));
            store.write(new WriteBatch().put(b("b"), b("2")));
            store.write(new WriteBatch());
            assertEquals(5, store.appliedIndex());
            store.write(new WriteBatch().appliedIndex(6));
            assertEquals(6, store.appliedIndex());
        }
        try (StateMachineStore store = provider.open(dir)) {
            assertEquals(6, store.appliedIndex());
            assertEquals("2", s(store.get(b("b"))));
        }
    }

    @Test
    void batchFailingPartWayIsRejectedWholeEvenAfterReopen(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            store.write(new WriteBatch().put(b("a"), b("1")).appliedIndex(10));
            WriteBatch backwards = new WriteBatch().put(b("a"), b("changed")).put(b("new"), b("x"))
                    .delete(b("a")).appliedIndex(9);
            StoreException e = assertThrows(StoreException.class, () -> store.write(backwards));
            assertTrue(e.getMessage().contains("9") && e.getMessage().contains("10"), e.getMessage());
            assertEquals(List.of(kv("a", "1")), scan(store, KeyRange.all()));
            assertEquals(10, store.appliedIndex());
        }
        try (StateMachineStore store = provider.open(dir)) {
            assertEquals(List.of(kv("a", "1")), scan(store, KeyRange.all()));
            assertEquals(10, store.appliedIndex());
        }
    }

    @Test
    void reopenKeepsEveryBatchTogetherWithItsAppliedIndex(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            for (int i = 1; i <= 50; i++) {
                store.write(new WriteBatch().put(b(String.format("k%03d", i)), b("v" + i))
                        .append(b("log"), b(i + ",")).appliedIndex(i));
            }
            store.sync();
        }
        try (StateMachineStore store = provider.open(dir)) {
            assertEquals(50, store.appliedIndex());
            assertEquals(51, scan(store, KeyRange.all()).size());
            assertEquals("v50", s(store.get(b("k050"))));
            StringBuilder log = new StringBuilder();
            for (int i = 1; i <= 50; i++) {
                log.append(i).append(',');
            }
            assertEquals(log.toString(), s(store.get(b("log"))));
            assertTrue(store.approximateSize() > 0, "a store holding data occupies some bytes on disk");
        }
    }

    @Test
    void valuesReturnedAreCopiesTheCallerMayKeepAndChange(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            byte[] written = b("value");
            store.put(b("k"), written);
            written[0] = 'X';
            byte[] read = store.get(b("k"));
            assertEquals("value", s(read), "the store kept its own copy of the value");
            read[0] = 'Y';
            store.put(b("other"), b("o"));
            assertEquals("value", s(store.get(b("k"))), "changing a returned value does not change the store");
        }
    }
}

package io.eraft.api.tck;

import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.Keys;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.WriteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static io.eraft.api.tck.StoreData.b;
import static io.eraft.api.tck.StoreData.drain;
import static io.eraft.api.tck.StoreData.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Contract: prefix and range scans return entries in unsigned byte order from a view taken at the call.
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
 * class MyStoreScanContractTest extends StoreScanContract {
 *     @Override
 *     protected StoreProvider provider() {
 *         return new MyStoreProvider();
 *     }
 * }
 * }</pre>
 */
public abstract class StoreScanContract extends StoreContract {

    /** Keys that sort differently as signed and unsigned bytes, with 0x00 and 0xff at every position. */
    private static final List<byte[]> KEYS = List.of(
            new byte[0], new byte[] {0x00}, new byte[] {0x00, 0x00}, new byte[] {0x00, (byte) 0xff},
            new byte[] {0x01}, new byte[] {0x7f}, new byte[] {0x7f, (byte) 0xff}, new byte[] {(byte) 0x80},
            new byte[] {(byte) 0x80, 0x00}, new byte[] {(byte) 0xfe, (byte) 0xff}, new byte[] {(byte) 0xff},
            new byte[] {(byte) 0xff, 0x00}, new byte[] {(byte) 0xff, (byte) 0xff},
            new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}, b("a"), b("ab"), b("abc"), b("ac"), b("b"));

    private static List<String> printable(List<byte[]> keys) {
        return keys.stream().map(Keys::printable).collect(Collectors.toList());
    }

    private static List<String> keysOf(List<KeyValue> entries) {
        return printable(entries.stream().map(KeyValue::key).collect(Collectors.toList()));
    }

    /** The expected answer, computed with {@link KeyRange#contains} and {@link Keys#compare}. */
    private static List<String> expected(KeyRange range) {
        List<byte[]> in = KEYS.stream().filter(range::contains).sorted(Keys::compare).collect(Collectors.toList());
        return printable(in);
    }

    private static StateMachineStore filled(StoreProvider provider, Path dir) {
        StateMachineStore store = provider.open(dir);
        List<byte[]> shuffled = new ArrayList<>(KEYS);
        Collections.shuffle(shuffled, new java.util.Random(3));
        WriteBatch batch = new WriteBatch();
        for (byte[] k : shuffled) {
            batch.put(k, ("v" + Keys.printable(k)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        store.write(batch.appliedIndex(1));
        return store;
    }

    @Test
    void fullScanReturnsEveryKeyInUnsignedOrderWithItsValue(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = filled(provider, dir)) {
            List<KeyValue> all = scan(store, KeyRange.all());
            assertEquals(expected(KeyRange.all()), keysOf(all));
            for (KeyValue kv : all) {
                assertEquals("v" + Keys.printable(kv.key()), new String(kv.value(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void prefixScansIncludingPrefixesOfZeroAndFfBytes(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = filled(provider, dir)) {
            for (byte[] prefix : List.of(new byte[0], new byte[] {0x00}, new byte[] {0x7f}, new byte[] {(byte) 0xff},
                    new byte[] {(byte) 0xff, (byte) 0xff}, b("a"), b("ab"), b("zz"))) {
                try (CloseableIterator<KeyValue> it = store.scanPrefix(prefix)) {
                    assertEquals(expected(KeyRange.prefix(prefix)), keysOf(drain(it)),
                            "prefix " + Keys.printable(prefix));
                }
            }
        }
    }

    @Test
    void rangeScansWithOpenAndClosedEnds(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = filled(provider, dir)) {
            List<KeyRange> ranges = List.of(
                    KeyRange.between(new byte[] {0x00}, new byte[] {(byte) 0x80}),
                    KeyRange.between(new byte[] {0x7f, (byte) 0xff}, new byte[] {(byte) 0xff, 0x00}),
                    KeyRange.between(null, new byte[] {0x01}),
                    KeyRange.between(new byte[] {(byte) 0xff}, null),
                    KeyRange.between(b("ab"), b("ac")),
                    KeyRange.between(b("b"), b("b")),
                    KeyRange.between(b("c"), b("a")));
            for (KeyRange range : ranges) {
                assertEquals(expected(range), keysOf(scan(store, range)), range.toString());
            }
        }
    }

    @Test
    void scanSeesTheStoreAsItWasWhenTheScanStarted(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            store.put(b("a"), b("1"));
            store.put(b("c"), b("3"));
            try (CloseableIterator<KeyValue> it = store.scan(KeyRange.all())) {
                store.put(b("b"), b("2"));
                store.delete(b("c"));
                store.put(b("a"), b("changed"));
                assertEquals(List.of(StoreData.kv("a", "1"), StoreData.kv("c", "3")), drain(it));
            }
            assertEquals(List.of(StoreData.kv("a", "changed"), StoreData.kv("b", "2")),
                    scan(store, KeyRange.all()));
        }
    }

    @Test
    void exhaustedIteratorThrowsNoSuchElementAndManyKeysComeBackSorted(@TempDir Path dir) {
        StoreProvider provider = provider();
        try (StateMachineStore store = provider.open(dir)) {
            SplittableRandom random = new SplittableRandom(11);
            List<byte[]> keys = new ArrayList<>();
            WriteBatch batch = new WriteBatch();
            for (int i = 0; i < 2000; i++) {
                byte[] k = new byte[1 + random.nextInt(24)];
                random.nextBytes(k);
                keys.add(k);
                batch.put(k, k);
            }
            store.write(batch);
            List<String> sorted = keys.stream().sorted(Keys::compare).map(Keys::printable).distinct()
                    .collect(Collectors.toList());
            try (CloseableIterator<KeyValue> it = store.scan(KeyRange.all())) {
                assertEquals(sorted, keysOf(drain(it)));
                assertFalse(it.hasNext());
                assertThrows(NoSuchElementException.class, it::next);
            }
        }
    }
}

package io.eraft.dist.store;

import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.Keys;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.StoreSnapshot;
import io.eraft.api.store.Stores;
import io.eraft.api.store.WriteBatch;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code eraft store-check}: exercises one store provider end to end, through the SPI only. It writes keys in
 * batches, reads them back, scans them by prefix and by range, exports a snapshot and installs it into a second
 * store in {@code DIR/restore}, and reopens the store to check the applied index. Each check prints one line with
 * {@code ok} and its figures; the first mismatch prints {@code FAIL} with the reason and ends the run.
 *
 * <p>The check's keys live under {@code check/} (and {@code check-ops/}); keys left there by an earlier run are
 * removed first, and no other key of the store is touched.
 */
public final class StoreCheck {
    static final int BATCH = 100;
    private static final byte[] PREFIX = bytes("check/");

    private final StoreProvider provider;
    private final Path dir;
    private final int keys;
    private final PrintStream out;
    private StateMachineStore store;
    private long appliedIndex;

    private StoreCheck(StoreProvider provider, Path dir, int keys, PrintStream out) {
        this.provider = provider;
        this.dir = dir;
        this.keys = keys;
        this.out = out;
    }

    /**
     * Runs every check against provider {@code store} in {@code dir}.
     *
     * @return true when every check passed
     * @throws io.eraft.api.UnknownProviderException when no provider is named {@code store}; it lists those found
     * @throws IllegalArgumentException when {@code keys} is below 1
     */
    public static boolean run(String store, Path dir, int keys, PrintStream out) {
        StoreProvider provider = Stores.provider(store);
        if (keys < 1) {
            throw new IllegalArgumentException("--keys must be at least 1, got " + keys);
        }
        return new StoreCheck(provider, dir, keys, out).runAll();
    }

    private boolean runAll() {
        out.printf("store-check: provider %s, %d keys, directory %s%n", provider.name(), keys, dir);
        List<Step> steps = List.of(new Step("open", this::open), new Step("clear", this::clearEarlierRun),
                new Step("write", this::write), new Step("read", this::read),
                new Step("append-delete", this::appendAndDelete), new Step("prefix-scan", this::prefixScan),
                new Step("range-scan", this::rangeScan), new Step("snapshot", this::snapshotAndRestore),
                new Step("reopen", this::reopen));
        try {
            for (Step step : steps) {
                String figures;
                try {
                    figures = step.check().get();
                } catch (CheckFailed | StoreException e) {
                    out.printf("%-14s FAIL  %s%n", step.name(), e.getMessage());
                    return false;
                }
                out.printf("%-14s ok    %s%n", step.name(), figures);
            }
            out.printf("store-check %s: all %d checks passed%n", provider.name(), steps.size());
            return true;
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    /** One named check; it returns its figures or throws {@link CheckFailed}. */
    private record Step(String name, Supplier<String> check) {
    }

    private String open() {
        long t0 = System.nanoTime();
        store = provider.open(dir);
        appliedIndex = store.appliedIndex();
        return String.format("%s store in %s, applied index %d, %.1f ms", store.providerName(), dir, appliedIndex,
                millis(t0));
    }

    private String clearEarlierRun() {
        int removed = 0;
        for (byte[] prefix : new byte[][] {PREFIX, bytes("check-ops/")}) {
            WriteBatch batch = new WriteBatch();
            try (CloseableIterator<KeyValue> it = store.scanPrefix(prefix)) {
                while (it.hasNext()) {
                    batch.delete(it.next().key());
                    removed++;
                }
            }
            store.write(batch);
        }
        return removed + " keys left by an earlier run removed";
    }

    private String write() {
        long t0 = System.nanoTime();
        int batches = 0;
        for (int start = 0; start < keys; start += BATCH) {
            WriteBatch batch = new WriteBatch();
            for (int i = start; i < Math.min(keys, start + BATCH); i++) {
                batch.put(key(i), value(i));
            }
            store.write(batch.appliedIndex(++appliedIndex));
            batches++;
        }
        double ms = millis(t0);
        expect(store.appliedIndex() == appliedIndex, "applied index is " + store.appliedIndex() + " after the "
                + "writes, expected " + appliedIndex);
        return String.format("%d keys in %d batches, %.1f ms (%.0f keys/s), applied index %d", keys, batches, ms,
                perSecond(keys, ms), appliedIndex);
    }

    private String read() {
        long t0 = System.nanoTime();
        for (int i = 0; i < keys; i++) {
            byte[] v = store.get(key(i));
            expect(Arrays.equals(v, value(i)), "key " + Keys.printable(key(i)) + " reads back as "
                    + (v == null ? "absent" : Keys.printable(v)) + ", expected " + Keys.printable(value(i)));
        }
        double ms = millis(t0);
        expect(store.get(bytes("check-ops/never-written")) == null, "a key never written is not absent");
        return String.format("%d keys read back equal, %.1f ms (%.0f gets/s); an absent key reads as absent", keys,
                ms, perSecond(keys, ms));
    }

    private String appendAndDelete() {
        byte[] k = bytes("check-ops/append");
        store.append(k, bytes("a"));
        store.write(new WriteBatch().append(k, bytes("b")).append(k, bytes("c")));
        byte[] v = store.get(k);
        expect(Arrays.equals(v, bytes("abc")), "appends give " + (v == null ? "absent" : Keys.printable(v))
                + ", expected abc");
        store.delete(k);
        expect(store.get(k) == null, "a deleted key is still present");
        return "append, batched appends and delete behave";
    }

    private String prefixScan() {
        long t0 = System.nanoTime();
        int count = 0;
        try (CloseableIterator<KeyValue> it = store.scanPrefix(PREFIX)) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                expect(count < keys, "the prefix scan returns more than the " + keys + " keys written");
                expect(Arrays.equals(kv.key(), key(count)) && Arrays.equals(kv.value(), value(count)),
                        "prefix scan entry " + count + " is " + kv + ", expected " + Keys.printable(key(count)));
                count++;
            }
        }
        expect(count == keys, "the prefix scan returns " + count + " keys, expected " + keys);
        return String.format("%d keys under %s in key order, %.1f ms", count, Keys.printable(PREFIX), millis(t0));
    }

    private String rangeScan() {
        int from = keys / 4;
        int to = Math.max(from + 1, keys / 2);
        KeyRange range = KeyRange.between(key(from), key(to));
        int count = 0;
        try (CloseableIterator<KeyValue> it = store.scan(range)) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                expect(Arrays.equals(kv.key(), key(from + count)), "range scan entry " + count + " is "
                        + Keys.printable(kv.key()) + ", expected " + Keys.printable(key(from + count)));
                count++;
            }
        }
        expect(count == to - from, "the range scan returns " + count + " keys, expected " + (to - from));
        return count + " keys in " + range;
    }

    private String snapshotAndRestore() {
        long t0 = System.nanoTime();
        byte[] later = bytes("check-ops/after-snapshot");
        Path restoreDir = dir.resolve("restore");
        long entries;
        long restoredIndex;
        try (StoreSnapshot snapshot = store.snapshot()) {
            expect(snapshot.appliedIndex() == appliedIndex, "the snapshot's applied index is "
                    + snapshot.appliedIndex() + ", expected " + appliedIndex);
            store.put(later, bytes("x"));
            try (StateMachineStore restore = provider.open(restoreDir);
                 CloseableIterator<KeyValue> source = snapshot.entries()) {
                restore.installSnapshot(snapshot.appliedIndex(), source);
                restoredIndex = restore.appliedIndex();
                expect(restore.get(later) == null, "a write made after the snapshot reached the restored store");
                entries = compare(snapshot, restore);
            }
        } finally {
            store.delete(later);
        }
        expect(restoredIndex == appliedIndex, "the restored store's applied index is " + restoredIndex
                + ", expected " + appliedIndex);
        return String.format("%d entries at applied index %d installed into %s and equal, %.1f ms", entries,
                appliedIndex, restoreDir, millis(t0));
    }

    private long compare(StoreSnapshot snapshot, StateMachineStore restore) {
        long n = 0;
        try (CloseableIterator<KeyValue> expected = snapshot.entries();
             CloseableIterator<KeyValue> actual = restore.scan(KeyRange.all())) {
            while (expected.hasNext()) {
                KeyValue e = expected.next();
                expect(actual.hasNext(), "the restored store ends after " + n + " entries; the snapshot goes on "
                        + "with " + e);
                KeyValue a = actual.next();
                expect(e.equals(a), "restored entry " + n + " is " + a + ", the snapshot has " + e);
                n++;
            }
            expect(!actual.hasNext(), "the restored store has more entries than the snapshot's " + n);
        }
        return n;
    }

    private String reopen() {
        store.close();
        store = null;
        long t0 = System.nanoTime();
        store = provider.open(dir);
        double ms = millis(t0);
        expect(store.appliedIndex() == appliedIndex, "the applied index after reopening is "
                + store.appliedIndex() + ", expected " + appliedIndex);
        int count = 0;
        try (CloseableIterator<KeyValue> it = store.scanPrefix(PREFIX)) {
            while (it.hasNext()) {
                it.next();
                count++;
            }
        }
        expect(count == keys, "after reopening " + count + " keys are under the prefix, expected " + keys);
        return String.format("applied index %d and %d keys after reopening in %.1f ms; ~%d KiB on disk",
                appliedIndex, count, ms, store.approximateSize() / 1024);
    }

    static byte[] key(int i) {
        return bytes(String.format("check/%08d", i));
    }

    static byte[] value(int i) {
        return bytes(String.format("value-%08d-%s", i, "x".repeat(i % 17)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double perSecond(long ops, double ms) {
        return ms <= 0 ? 0 : ops * 1000.0 / ms;
    }

    private static void expect(boolean ok, String failure) {
        if (!ok) {
            throw new CheckFailed(failure);
        }
    }

    /** A check found a mismatch; the message says what was expected and what was found. */
    private static final class CheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckFailed(String message) {
            super(message);
        }
    }
}

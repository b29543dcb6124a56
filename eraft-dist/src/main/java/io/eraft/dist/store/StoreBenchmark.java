package io.eraft.dist.store;

import io.eraft.api.spi.support.FileOps;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreOption;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.Stores;
import io.eraft.api.store.WriteBatch;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * {@code eraft bench-store}: single-threaded throughput of each store provider, through the SPI, with each
 * provider's default options. 16-byte keys (8-byte group, 8-byte member; {@value #GROUP} members per group) and
 * 128-byte values. The store is first filled with {@code keys} keys, then each workload runs for a warm-up and a
 * measured period: {@code put} (random existing keys), {@code batched-put} ({@value #BATCH} puts per batch, counted
 * per put), {@code get} (random existing keys) and {@code prefix-scan} (all {@value #GROUP} keys of a random group).
 */
public final class StoreBenchmark {
    static final int KEY_BYTES = 16;
    static final int VALUE_BYTES = 128;
    static final int BATCH = 100;
    static final int GROUP = 100;

    /**
     * What to run.
     *
     * @param stores        provider names, each benchmarked in turn
     * @param dir           work directory; each store uses {@code dir/<name>}, wiped before the run
     * @param warmupSeconds unmeasured seconds before each workload's measurement
     * @param seconds       measured seconds per workload
     * @param keys          keys filled in before the workloads run
     */
    public record Options(List<String> stores, Path dir, double warmupSeconds, double seconds, int keys) {
        public Options {
            stores = List.copyOf(stores);
            if (stores.isEmpty()) {
                throw new IllegalArgumentException("bench-store needs at least one store");
            }
            if (keys < GROUP) {
                throw new IllegalArgumentException("--keys must be at least " + GROUP + ", got " + keys);
            }
            if (!(seconds > 0) || warmupSeconds < 0) {
                throw new IllegalArgumentException("--seconds must be > 0 and --warmup >= 0, got " + seconds
                        + " and " + warmupSeconds);
            }
        }
    }

    /** One workload: each call of {@code body} is worth {@code opsPerCall} operations. */
    private record Workload(String name, int opsPerCall, Body body) {
    }

    /** What one call of a workload does. */
    @FunctionalInterface
    private interface Body {
        void run(StateMachineStore store, SplittableRandom random);
    }

    private final Options options;
    private final PrintStream out;
    private final byte[] value = new byte[VALUE_BYTES];
    private long appliedIndex;

    public StoreBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        new SplittableRandom(7).nextBytes(value);
    }

    /**
     * Runs every workload on every store and prints one row per workload.
     *
     * @throws io.eraft.api.UnknownProviderException for a store name no provider has
     */
    public void run() {
        List<StoreProvider> providers = options.stores().stream().map(Stores::provider).collect(Collectors.toList());
        out.printf("bench-store: %d-byte keys, %d-byte values, %d keys, %.1f s warm-up + %.1f s per workload, "
                        + "1 thread, %d cores%n", KEY_BYTES, VALUE_BYTES, options.keys(), options.warmupSeconds(),
                options.seconds(), Runtime.getRuntime().availableProcessors());
        for (StoreProvider provider : providers) {
            runStore(provider);
        }
    }

    private void runStore(StoreProvider provider) {
        Path dir = options.dir().resolve(provider.name());
        wipe(dir);
        out.printf("%s (default options: %s)%n", provider.name(), defaults(provider));
        try (StateMachineStore store = provider.open(dir)) {
            long t0 = System.nanoTime();
            fill(store);
            out.printf("  %-12s %12d keys in %.1f s%n", "fill", options.keys(), (System.nanoTime() - t0) / 1e9);
            SplittableRandom random = new SplittableRandom(42);
            for (Workload w : workloads()) {
                loop(store, w, random, options.warmupSeconds());
                long calls = 0;
                long start = System.nanoTime();
                long deadline = start + (long) (options.seconds() * 1e9);
                long now;
                do {
                    w.body().run(store, random);
                    calls++;
                    now = System.nanoTime();
                } while (now < deadline);
                double ops = calls * (double) w.opsPerCall() / ((now - start) / 1e9);
                out.printf("  %-12s %12.0f ops/s%s%n", w.name(), ops,
                        w.opsPerCall() > 1 ? String.format("  (%d per call, %.0f calls/s)", w.opsPerCall(),
                                ops / w.opsPerCall()) : "");
            }
            out.printf("  %-12s %12d KiB on disk%n", "size", store.approximateSize() / 1024);
        }
    }

    private static void loop(StateMachineStore store, Workload w, SplittableRandom random, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            w.body().run(store, random);
        }
    }

    private void fill(StateMachineStore store) {
        for (int start = 0; start < options.keys(); start += 1000) {
            WriteBatch batch = new WriteBatch();
            for (int i = start; i < Math.min(options.keys(), start + 1000); i++) {
                batch.put(key(i), value);
            }
            store.write(batch.appliedIndex(++appliedIndex));
        }
    }

    private List<Workload> workloads() {
        int keys = options.keys();
        int groups = keys / GROUP;
        return List.of(
                new Workload("put", 1, (s, r) -> s.put(key(r.nextInt(keys)), value)),
                new Workload("batched-put", BATCH, (s, r) -> {
                    WriteBatch batch = new WriteBatch();
                    for (int i = 0; i < BATCH; i++) {
                        batch.put(key(r.nextInt(keys)), value);
                    }
                    s.write(batch.appliedIndex(++appliedIndex));
                }),
                new Workload("get", 1, (s, r) -> {
                    int i = r.nextInt(keys);
                    if (s.get(key(i)) == null) {
                        throw new IllegalStateException("bench-store: key " + i + " was filled in but is absent");
                    }
                }),
                new Workload("prefix-scan", GROUP, (s, r) -> {
                    int n = 0;
                    try (CloseableIterator<KeyValue> it = s.scanPrefix(group(r.nextInt(groups)))) {
                        while (it.hasNext()) {
                            it.next();
                            n++;
                        }
                    }
                    if (n != GROUP) {
                        throw new IllegalStateException("bench-store: a prefix scan returned " + n + " keys, "
                                + "expected " + GROUP);
                    }
                }));
    }

    /** Key {@code i}: its group {@code i / GROUP} then its member {@code i % GROUP}, 8 bytes big-endian each. */
    static byte[] key(int i) {
        return ByteBuffer.allocate(KEY_BYTES).putLong(i / GROUP).putLong(i % GROUP).array();
    }

    static byte[] group(int g) {
        return ByteBuffer.allocate(KEY_BYTES / 2).putLong(g).array();
    }

    private static String defaults(StoreProvider provider) {
        return provider.options().stream().map(o -> o.name() + "=" + defaultText(o))
                .collect(Collectors.joining(", "));
    }

    private static String defaultText(StoreOption<?> option) {
        Object v = option.defaultValue();
        return v instanceof Enum<?> e ? e.name().toLowerCase(java.util.Locale.ROOT) : String.valueOf(v);
    }

    /** Deletes {@code dir} if it is missing or an earlier benchmark store (it holds eraft-store.properties). */
    private static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.exists(dir.resolve("eraft-store.properties"))) {
            throw new IllegalArgumentException("bench-store: " + dir + " exists and is not a store directory; "
                + "choose another --dir");
        }
        try {
            FileOps.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("bench-store: cannot wipe " + dir, e);
        }
    }
}

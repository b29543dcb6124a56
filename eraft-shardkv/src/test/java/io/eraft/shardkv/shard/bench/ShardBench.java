package io.eraft.shardkv.shard.bench;

import io.eraft.api.testkit.TestSeed;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.shard.ShardClerk;
import io.eraft.shardkv.shard.testing.ShardCluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Not a test: a benchmark to run by hand (see the report of issue 6). Puts from several clients against 1 group of 3
 * and against 2 groups of 3 (in-process network, memory Raft logs, LevelDB stores without fsync), then a third group
 * joining while the load runs: throughput per 100 ms bucket, the dip and how long the migration took.
 *
 * <p>Arguments: [clients (8)] [seconds per phase (5)].
 */
public final class ShardBench {
    private static final int SHARDS = 16;

    private ShardBench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", clients: " + clients);
        double one = steady(1, clients, seconds);
        double two = steady(2, clients, seconds);
        System.out.printf("1 group of 3: %.0f puts/s; 2 groups of 3: %.0f puts/s (%.0f per group)%n", one, two,
                two / 2);
        migration(clients, seconds);
    }

    private static double steady(int groups, int clients, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("eraft-shard-bench-");
        try (ShardCluster c = new ShardCluster(StoreKind.LEVELDB, new TestSeed(42), dir, SHARDS, 1 << 20,
                64 << 10)) {
            String[] ids = new String[groups];
            for (int g = 0; g < groups; g++) {
                ids[g] = "g" + g;
                c.startGroup(ids[g]);
            }
            c.awaitSettled(c.join(ids).num());
            Load load = Load.start(c, clients, 100);
            Thread.sleep(1_000); // warm-up
            long before = load.total.get();
            Thread.sleep(seconds * 1_000L);
            long done = load.total.get() - before;
            load.stop();
            return done / (double) seconds;
        } finally {
            delete(dir);
        }
    }

    private static void migration(int clients, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("eraft-shard-bench-");
        try (ShardCluster c = new ShardCluster(StoreKind.LEVELDB, new TestSeed(43), dir, SHARDS, 1 << 20,
                64 << 10)) {
            for (String g : List.of("g0", "g1", "g2")) {
                c.startGroup(g);
            }
            c.awaitSettled(c.join("g0", "g1").num());
            Load load = Load.start(c, clients, 100);
            Thread.sleep(1_000L + seconds * 1_000L);
            int joinBucket = load.bucket();
            long start = System.nanoTime();
            long num = c.join("g2").num();
            c.awaitSettled(num);
            long migrationMillis = (System.nanoTime() - start) / 1_000_000;
            int settledBucket = load.bucket();
            Thread.sleep(seconds * 1_000L);
            load.stop();
            int end = load.bucket();
            double baseline = load.rate(10, joinBucket);
            double during = load.rate(joinBucket, Math.max(joinBucket + 1, settledBucket + 1));
            double after = load.rate(settledBucket + 1, end);
            long minBucket = Long.MAX_VALUE;
            for (int b = joinBucket; b <= settledBucket; b++) {
                minBucket = Math.min(minBucket, load.buckets.get(b));
            }
            System.out.printf("migration (2 -> 3 groups, 16 shards): took %d ms; puts/s before %.0f, during %.0f, "
                    + "after %.0f; worst 100 ms bucket during it: %d puts (%.0f/s); errors: %d%n", migrationMillis,
                    baseline, during, after, minBucket, minBucket * 10.0, load.errors.get());
        } finally {
            delete(dir);
        }
    }

    /** Client threads doing puts, counted per 100 ms bucket. */
    private static final class Load {
        final AtomicLong total = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLongArray buckets = new AtomicLongArray(10_000);
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        final long startNanos = System.nanoTime();

        static Load start(ShardCluster c, int clients, int keysPerClient) {
            Load load = new Load();
            for (int i = 0; i < clients; i++) {
                ShardClerk clerk = c.clerk(Duration.ofSeconds(10));
                int id = i;
                Thread t = new Thread(() -> {
                    byte[] value = new byte[100];
                    for (long n = 0; !load.stop.get(); n++) {
                        byte[] key = ("c" + id + "-" + (n % keysPerClient)).getBytes(StandardCharsets.UTF_8);
                        try {
                            clerk.put(key, value);
                            load.total.incrementAndGet();
                            load.buckets.incrementAndGet(load.bucket());
                        } catch (RuntimeException e) {
                            load.errors.incrementAndGet();
                        }
                    }
                }, "bench-client-" + i);
                t.start();
                load.threads.add(t);
            }
            return load;
        }

        int bucket() {
            return (int) Math.min(9_999, (System.nanoTime() - startNanos) / 100_000_000L);
        }

        double rate(int from, int to) {
            long sum = 0;
            for (int b = from; b < to; b++) {
                sum += buckets.get(b);
            }
            return to > from ? sum * 10.0 / (to - from) : 0;
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

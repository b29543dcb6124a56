package io.eraft.shardkv.shard;

import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.KvClient;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.shard.testing.ShardCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The asynchronous {@link ShardClerk} on a sharded in-process cluster: many clerks driven only by callbacks while a
 * group joins, one request at a time per clerk, timeouts that name the operation, and the blocking and asynchronous
 * forms agreeing. The clerk's behaviour does not depend on the store, so one provider is enough here.
 */
@Timeout(120)
class ShardClerkTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();
    private static final Logger LOG = LoggerFactory.getLogger(ShardClerkTest.class);

    private static final StoreKind STORE = StoreKind.LEVELDB;
    private static final int SHARDS = 8;
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void manyAsyncClerksWritingWhileAGroupJoinsKeepEveryAcknowledgedWriteExactlyOnce(TestSeed seed)
            throws Exception {
        try (ShardCluster c = new ShardCluster(STORE, seed, dir, SHARDS, 0)) {
            c.startGroup("a");
            c.startGroup("b");
            c.awaitSettled(c.join("a").num());
            AtomicBoolean stop = new AtomicBoolean();
            List<Writer> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                writers.add(new Writer(c.clerk(LONG), "w" + i, stop));
            }
            writers.forEach(Writer::start);
            try {
                assertTrue(Poll.until(LONG, () -> writers.stream().allMatch(w -> w.acknowledged.get() > 0)),
                        "every writer had a write acknowledged before the join");
                ShardConfig joined = c.join("b");
                c.awaitSettled(joined.num());
                int[] atSettle = writers.stream().mapToInt(w -> w.acknowledged.get()).toArray();
                assertTrue(Poll.until(LONG, () -> IntStream.range(0, atSettle.length)
                                .allMatch(i -> writers.get(i).acknowledged.get() > atSettle[i])),
                        "every writer had a write acknowledged after the migration settled");
            } finally {
                stop.set(true);
            }
            for (Writer w : writers) {
                w.finished.get(LONG.toSeconds(), TimeUnit.SECONDS); // rethrows the failure of any write
            }
            ShardConfig latest = c.admin().latest();
            ShardClerk reader = c.clerk(LONG);
            int movedToB = 0;
            for (Writer w : writers) {
                assertEquals(w.log.toString(), s(reader.get(b(w.name + "-log"))),
                        w.name + ": every acknowledged append applied exactly once, in order");
                for (Map.Entry<String, String> e : w.puts.entrySet()) {
                    assertEquals(e.getValue(), s(reader.get(b(e.getKey()))), e.getKey() + ": last acknowledged put");
                    movedToB += latest.owner(ShardKeys.shardOf(b(e.getKey()), SHARDS)).equals("b") ? 1 : 0;
                }
            }
            LOG.info("{} acknowledged writes from {} clerks; {} of their {} put keys moved to group b",
                    writers.stream().mapToInt(w -> w.acknowledged.get()).sum(), writers.size(), movedToB,
                    writers.stream().mapToInt(w -> w.puts.size()).sum());
            assertTrue(movedToB > 0, "some written keys are in shards that moved to group b");
        }
    }

    @Test
    void aSecondRequestWhileOneIsOutstandingThrowsIllegalStateExceptionAndChangesNothing(TestSeed seed)
            throws Exception {
        try (ShardCluster c = new ShardCluster(STORE, seed, dir, SHARDS, 0)) {
            c.startGroup("a");
            c.awaitSettled(c.join("a").num());
            ShardClerk clerk = c.clerk(LONG);
            clerk.put(b("k"), b("1"));
            c.group("a").crashAll(); // the next request stays outstanding until the group is back
            CompletableFuture<Void> first = clerk.putAsync(b("k"), b("2"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> clerk.getAsync(b("k")));
            assertTrue(e.getMessage().contains("one request at a time"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> clerk.put(b("k"), b("3")), "the blocking form too");
            assertThrows(IllegalStateException.class, () -> clerk.compareAndSetAsync(b("k"), null, b("4")));
            c.group("a").restartAll();
            first.get(LONG.toSeconds(), TimeUnit.SECONDS);
            assertEquals("2", s(clerk.get(b("k"))), "only the first request was sent");
        }
    }

    @Test
    void aRequestForAShardWhoseGroupIsDownTimesOutNamingTheOperation(TestSeed seed) throws Exception {
        try (ShardCluster c = new ShardCluster(STORE, seed, dir, SHARDS, 0)) {
            c.startGroup("a");
            c.startGroup("b");
            ShardConfig config = c.join("a", "b");
            c.awaitSettled(config.num());
            byte[] ofB = keyOwnedBy(config, "b");
            byte[] ofA = keyOwnedBy(config, "a");
            c.group("b").crashAll();
            ShardClerk clerk = c.clerk(Duration.ofMillis(1500));
            int shard = ShardKeys.shardOf(ofB, SHARDS);

            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> clerk.putAsync(ofB, b("v")).get(LONG.toSeconds(), TimeUnit.SECONDS));
            KvTimeoutException put = assertInstanceOf(KvTimeoutException.class, failed.getCause());
            assertTrue(put.getMessage().startsWith("no group completed put #1 within PT1.5S (shard " + shard
                    + " of group 'b'); last error: "), put.getMessage());

            KvTimeoutException get = assertThrows(KvTimeoutException.class, () -> clerk.get(ofB));
            assertTrue(get.getMessage().startsWith("no group completed get within PT1.5S (shard " + shard
                    + " of group 'b')"), get.getMessage());

            clerk.put(ofA, b("served"));
            assertEquals("served", s(clerk.get(ofA)), "the clerk still serves keys of the group that is up");
        }
    }

    @Test
    void aFirstWriteTheGroupRefusesLeavesTheClerksSessionUsableForItsNextWrites(TestSeed seed) {
        try (ShardCluster c = new ShardCluster(STORE, seed, dir, SHARDS, 0)) {
            c.startGroup("a");
            c.awaitSettled(c.join("a").num());
            // A clerk with larger limits than the servers': the group, not the clerk, refuses.
            ShardClerk lax = c.clerk(KvCluster.testClerkOptions().withOperationTimeout(LONG)
                    .withLimits(new KvLimits(1 << 20, 4 << 20)));
            byte[] bigKey = new byte[KvLimits.DEFAULT.maxKeyBytes() + 1];

            KvRequestRejectedException e = assertThrows(KvRequestRejectedException.class,
                    () -> lax.put(bigKey, b("v")));
            assertTrue(e.getMessage().contains("over the limit of " + KvLimits.DEFAULT.maxKeyBytes()),
                    e.getMessage());
            lax.put(b("k"), b("1"));
            lax.append(b("k"), b("2"));
            assertEquals("12", s(lax.get(b("k"))), "the writes after the refused one applied, each once");
        }
    }

    @Test
    void blockingAndAsynchronousFormsGiveTheSameResults(TestSeed seed) {
        try (ShardCluster c = new ShardCluster(STORE, seed, dir, SHARDS, 0)) {
            c.startGroup("a");
            c.startGroup("b");
            c.awaitSettled(c.join("a", "b").num());
            ShardClerk blocking = c.clerk(LONG);
            ShardClerk async = c.clerk(LONG);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                expected.addAll(List.of("absent", "v", "v+", "false", "false", "true", "w", "absent", "true", "n"));
            }
            assertEquals(expected, script(blocking, "blocking-", false), "blocking forms");
            assertEquals(expected, script(async, "async-", true), "asynchronous forms");
            for (int i = 0; i < 6; i++) {
                assertEquals("n", s(blocking.get(b("async-" + i))), "each clerk sees the other's writes");
                assertEquals("n", s(async.getAsync(b("blocking-" + i)).join()));
            }

            byte[] bigKey = new byte[KvLimits.DEFAULT.maxKeyBytes() + 1];
            KvRequestRejectedException e1 = assertThrows(KvRequestRejectedException.class,
                    () -> blocking.put(bigKey, b("v")));
            KvRequestRejectedException e2 = assertThrows(KvRequestRejectedException.class,
                    () -> async.putAsync(bigKey, b("v")), "the asynchronous form refuses in the call itself");
            assertEquals(e1.getMessage(), e2.getMessage());
            assertEquals("n", s(async.get(b("async-0"))), "a refused request leaves the clerk usable");
        }
    }

    /** The same operations on keys {@code prefix + 0..5} through the blocking or the asynchronous forms. */
    private static List<String> script(KvClient client, String prefix, boolean async) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] k = b(prefix + i);
            seen.add(read(client, k, async));
            write(async, () -> client.putAsync(k, b("v")), () -> client.put(k, b("v")));
            seen.add(read(client, k, async));
            write(async, () -> client.appendAsync(k, b("+")), () -> client.append(k, b("+")));
            seen.add(read(client, k, async));
            seen.add(String.valueOf(cas(client, k, null, b("x"), async)));
            seen.add(String.valueOf(cas(client, k, b("v"), b("x"), async)));
            seen.add(String.valueOf(cas(client, k, b("v+"), b("w"), async)));
            seen.add(read(client, k, async));
            write(async, () -> client.deleteAsync(k), () -> client.delete(k));
            seen.add(read(client, k, async));
            seen.add(String.valueOf(cas(client, k, null, b("n"), async)));
            seen.add(read(client, k, async));
        }
        return seen;
    }

    private static String read(KvClient client, byte[] key, boolean async) {
        Optional<byte[]> v = async ? client.getAsync(key).join() : client.get(key);
        return v.map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse("absent");
    }

    private static boolean cas(KvClient client, byte[] key, byte[] expected, byte[] value, boolean async) {
        return async ? client.compareAndSetAsync(key, expected, value).join()
                : client.compareAndSet(key, expected, value);
    }

    private static void write(boolean async, Supplier<CompletableFuture<Void>> asyncForm, Runnable blockingForm) {
        if (async) {
            asyncForm.get().join();
        } else {
            blockingForm.run();
        }
    }

    private static byte[] keyOwnedBy(ShardConfig config, String group) {
        for (int i = 0; ; i++) {
            byte[] k = b("key-" + i);
            if (config.owner(ShardKeys.shardOf(k, SHARDS)).equals(group)) {
                return k;
            }
        }
    }

    /**
     * One clerk writing without a thread of its own: each write is started from the completion of the one before,
     * alternating Puts over 16 keys with Appends of numbered pieces to one log key, until told to stop.
     */
    private static final class Writer {
        final ShardClerk clerk;
        final String name;
        final AtomicBoolean stop;
        final Map<String, String> puts = new ConcurrentHashMap<>();
        final StringBuffer log = new StringBuffer();
        final AtomicInteger acknowledged = new AtomicInteger();
        final CompletableFuture<Void> finished = new CompletableFuture<>();

        Writer(ShardClerk clerk, String name, AtomicBoolean stop) {
            this.clerk = clerk;
            this.name = name;
            this.stop = stop;
        }

        void start() {
            step(0);
        }

        private void step(int n) {
            if (stop.get()) {
                finished.complete(null);
                return;
            }
            try {
                String key = n % 2 == 0 ? name + "-k" + (n / 2) % 16 : name + "-log";
                String value = n % 2 == 0 ? "v" + n : n + ";";
                CompletableFuture<Void> write = n % 2 == 0 ? clerk.putAsync(b(key), b(value))
                        : clerk.appendAsync(b(key), b(value));
                write.whenComplete((ok, error) -> {
                    if (error != null) {
                        finished.completeExceptionally(new AssertionError(name + ": write " + n + " failed", error));
                        return;
                    }
                    if (n % 2 == 0) {
                        puts.put(key, value);
                    } else {
                        log.append(value);
                    }
                    acknowledged.incrementAndGet();
                    step(n + 1);
                });
            } catch (RuntimeException e) {
                finished.completeExceptionally(e);
            }
        }
    }

    private static String s(Optional<byte[]> value) {
        return new String(value.orElseThrow(), StandardCharsets.UTF_8);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

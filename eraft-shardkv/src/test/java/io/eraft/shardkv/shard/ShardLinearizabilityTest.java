package io.eraft.shardkv.shard;

import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.linearizability.CheckResult;
import io.eraft.shardkv.linearizability.History;
import io.eraft.shardkv.linearizability.LinearizabilityChecker;
import io.eraft.shardkv.linearizability.OpKind;
import io.eraft.shardkv.shard.testing.ShardCluster;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients doing Gets, Puts and Appends on a few shared keys while groups join and leave, servers are partitioned
 * away and restarted and the network is unreliable; the whole history must be linearizable.
 */
@Timeout(180)
class ShardLinearizabilityTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final int SHARDS = 6;
    private static final int KEYS = 6;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void historyUnderReconfigurationPartitionsRestartsAndLossIsLinearizable(StoreKind kind, TestSeed seed)
            throws Exception {
        History history = new History();
        AtomicInteger completed = new AtomicInteger();
        try (ShardCluster c = new ShardCluster(kind, seed, dir, SHARDS, 3_000)) {
            for (String g : List.of("a", "b", "c")) {
                c.startGroup(g);
            }
            c.awaitSettled(c.join("a").num());
            AtomicBoolean stop = new AtomicBoolean();
            int clients = 4;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                ShardClerk clerk = c.clerk(Duration.ofSeconds(3));
                Random random = seed.random(100 + i);
                int id = i;
                running.add(pool.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        operate(history, id, clerk, random, "c" + id + "." + n, completed);
                    }
                    return null;
                }));
            }
            try {
                c.network().setReliable(false);
                c.join("b");
                NodeId a0 = c.group("a").ids().get(0);
                c.network().disconnect(a0);
                Poll.pause(Duration.ofMillis(400));
                c.join("c");
                c.network().connect(a0);
                c.group("b").crash(c.group("b").ids().get(1));
                Poll.pause(Duration.ofMillis(400));
                c.leave("a");
                c.group("b").restart(c.group("b").ids().get(1));
                Poll.pause(Duration.ofMillis(400));
                c.network().setReliable(true);
                c.awaitSettled(c.admin().latest().num());
                Poll.pause(Duration.ofMillis(300));
            } finally {
                stop.set(true);
                pool.shutdown();
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        assertTrue(completed.get() >= 20, "enough completed operations to mean something: " + completed.get());
        CheckResult result = LinearizabilityChecker.check(history, Duration.ofSeconds(30));
        assertEquals(CheckResult.Verdict.LINEARIZABLE, result.verdict(), result.toString());
    }

    private static void operate(History history, int id, ShardClerk clerk, Random random, String value,
                                AtomicInteger completed) {
        byte[] key = b("k" + random.nextInt(KEYS));
        byte[] v = b(value);
        int dice = random.nextInt(100);
        OpKind kind = dice < 40 ? OpKind.GET : dice < 65 ? OpKind.PUT : OpKind.APPEND;
        long op = history.invoke(id, kind, key, kind == OpKind.GET ? null : v, null);
        try {
            if (kind == OpKind.GET) {
                Optional<byte[]> got = clerk.get(key);
                history.ok(op, got.orElse(null), false);
            } else if (kind == OpKind.PUT) {
                clerk.put(key, v);
                history.ok(op, null, false);
            } else {
                clerk.append(key, v);
                history.ok(op, null, false);
            }
            completed.incrementAndGet();
        } catch (KvTimeoutException e) {
            history.unknown(op);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package io.eraft.dist.demo;

import io.eraft.shardkv.kv.KvClient;
import io.eraft.shardkv.kv.KvException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The closed-loop load, over in-memory clients that answer on another thread and refuse every third write. */
class ShardLoadTest {
    /** Answers gets with nothing and puts with success, except every third put, which fails. */
    private static final class FakeClient implements KvClient {
        private static final Executor LATER = CompletableFuture.delayedExecutor(200, TimeUnit.MICROSECONDS);
        final AtomicLong puts = new AtomicLong();

        @Override
        public CompletableFuture<Optional<byte[]>> getAsync(byte[] key) {
            return CompletableFuture.supplyAsync(Optional::empty, LATER);
        }

        @Override
        public CompletableFuture<Void> putAsync(byte[] key, byte[] value) {
            long n = puts.incrementAndGet();
            return CompletableFuture.runAsync(() -> {
                if (n % 3 == 0) {
                    throw new KvException("refused put #" + n);
                }
            }, LATER);
        }

        @Override
        public CompletableFuture<Void> appendAsync(byte[] key, byte[] suffix) {
            throw new UnsupportedOperationException("the load only gets and puts");
        }

        @Override
        public CompletableFuture<Void> deleteAsync(byte[] key) {
            throw new UnsupportedOperationException("the load only gets and puts");
        }

        @Override
        public CompletableFuture<Boolean> compareAndSetAsync(byte[] key, byte[] expected, byte[] newValue) {
            throw new UnsupportedOperationException("the load only gets and puts");
        }
    }

    @Test
    @Timeout(30)
    void windowsCountCompletionsUnderTheirShardsAndFailuresAsErrorsUntilStopped() throws InterruptedException {
        FakeClient a = new FakeClient();
        FakeClient b = new FakeClient();
        ShardLoad load = new ShardLoad(List.of(a, b), new ShardLoad.Spec(100, 8, 0.5, 4));
        load.start();
        Thread.sleep(200);
        assertTrue(load.stop(Duration.ofSeconds(10)), "every client ended after the stop");
        LoadWindow w = load.window();

        long perShard = 0;
        for (int s = 0; s < w.shardCount(); s++) {
            perShard += w.completedInShard(s);
        }
        assertTrue(w.completed() > 0, "operations completed");
        assertEquals(w.completed(), perShard, "every completion is counted under one shard");
        assertEquals((a.puts.get() / 3) + (b.puts.get() / 3), w.errors(), "each refused put is one error");
        assertTrue(load.firstError().startsWith("io.eraft.shardkv.kv.KvException: refused put #3"),
                load.firstError());
        assertEquals(0, load.window().completed(), "nothing runs after the stop");
    }

    @Test
    void stoppingALoadThatNeverStartedReturnsAtOnce() throws InterruptedException {
        ShardLoad load = new ShardLoad(List.of(new FakeClient()), new ShardLoad.Spec(10, 1, 0, 2));
        assertTrue(load.stop(Duration.ofSeconds(30)));
    }
}

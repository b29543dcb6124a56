package io.eraft.shardkv.client;

import io.eraft.shardkv.kv.KvClient;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ClerkPool}: one clerk per outstanding operation, clerks reused once their operation completed. */
class ClerkPoolTest {
    /** A clerk whose operations complete when the test says; a key "refuse" is refused by the call itself. */
    private static final class ManualClerk implements KvClient {
        final List<CompletableFuture<?>> pending = new ArrayList<>();

        private <T> CompletableFuture<T> op(byte[] key) {
            if (new String(key).equals("refuse")) {
                throw new KvRequestRejectedException("refused before sending");
            }
            CompletableFuture<T> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Optional<byte[]>> getAsync(byte[] key) {
            return op(key);
        }

        @Override
        public CompletableFuture<Void> putAsync(byte[] key, byte[] value) {
            return op(key);
        }

        @Override
        public CompletableFuture<Void> appendAsync(byte[] key, byte[] suffix) {
            return op(key);
        }

        @Override
        public CompletableFuture<Void> deleteAsync(byte[] key) {
            return op(key);
        }

        @Override
        public CompletableFuture<Boolean> compareAndSetAsync(byte[] key, byte[] expected, byte[] newValue) {
            return op(key);
        }
    }

    private final List<ManualClerk> made = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ClerkPool pool = new ClerkPool(() -> {
        ManualClerk c = new ManualClerk();
        made.add(c);
        return c;
    }, closed::get, "the test client");

    @Test
    void concurrentOperationsEachGetAClerkAndACompletedOnesClerkIsLentAgain() {
        CompletableFuture<Void> first = pool.putAsync("a".getBytes(), "1".getBytes());
        CompletableFuture<Void> second = pool.putAsync("b".getBytes(), "2".getBytes());
        assertEquals(2, made.size(), "two outstanding operations, two clerks");
        made.get(0).pending.get(0).complete(null);
        assertTrue(first.isDone());
        assertEquals(1, pool.idle());
        pool.deleteAsync("c".getBytes());
        assertEquals(2, made.size(), "the idle clerk was lent again");
        assertEquals(2, made.get(0).pending.size(), "to the third operation");
        assertEquals(0, pool.idle());
        made.get(1).pending.get(0).completeExceptionally(new IllegalStateException("failed"));
        assertTrue(second.isCompletedExceptionally());
        assertEquals(1, pool.idle(), "a failed operation's clerk comes back too");
    }

    @Test
    void aCallRefusedBeforeSendingThrowsAndGivesItsClerkBack() {
        assertThrows(KvRequestRejectedException.class, () -> pool.getAsync("refuse".getBytes()));
        assertEquals(1, pool.idle());
        pool.getAsync("k".getBytes());
        assertEquals(1, made.size(), "the refused call's clerk serves the next one");
    }

    @Test
    void atMostMaxIdleClerksAreKept() {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < ClerkPool.MAX_IDLE + 10; i++) {
            all.add(pool.appendAsync("k".getBytes(), "x".getBytes()));
        }
        made.forEach(c -> c.pending.forEach(f -> f.complete(null)));
        assertEquals(ClerkPool.MAX_IDLE + 10, made.size());
        assertEquals(ClerkPool.MAX_IDLE, pool.idle());
        assertTrue(all.stream().allMatch(CompletableFuture::isDone));
    }

    @Test
    void aClosedClientsPoolRefusesNamingTheClient() {
        closed.set(true);
        var e = assertThrows(IllegalStateException.class, () -> pool.compareAndSetAsync("k".getBytes(), null,
                "v".getBytes()));
        assertEquals("the test client is closed", e.getMessage());
        assertEquals(0, made.size(), "no clerk was made");
    }
}

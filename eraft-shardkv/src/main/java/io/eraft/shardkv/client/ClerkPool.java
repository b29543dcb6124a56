package io.eraft.shardkv.client;

import io.eraft.shardkv.kv.KvClient;

import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lends clerks (one request at a time each) to concurrent callers, so a client takes any number of requests at
 * once: a caller gets an idle clerk or a new one, and the clerk returns when its request completed. At most
 * {@link #MAX_IDLE} idle clerks are kept; the group forgets the sessions of the ones let go.
 */
final class ClerkPool implements KvClient {
    static final int MAX_IDLE = 64;

    private final Supplier<KvClient> newClerk;
    private final BooleanSupplier closed;
    private final Object owner; // named when it refuses
    private final Queue<KvClient> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    ClerkPool(Supplier<KvClient> newClerk, BooleanSupplier closed, Object owner) {
        this.newClerk = newClerk;
        this.closed = closed;
        this.owner = owner;
    }

    @Override
    public CompletableFuture<Optional<byte[]>> getAsync(byte[] key) {
        return lend(c -> c.getAsync(key));
    }

    @Override
    public CompletableFuture<Void> putAsync(byte[] key, byte[] value) {
        return lend(c -> c.putAsync(key, value));
    }

    @Override
    public CompletableFuture<Void> appendAsync(byte[] key, byte[] suffix) {
        return lend(c -> c.appendAsync(key, suffix));
    }

    @Override
    public CompletableFuture<Void> deleteAsync(byte[] key) {
        return lend(c -> c.deleteAsync(key));
    }

    @Override
    public CompletableFuture<Boolean> compareAndSetAsync(byte[] key, byte[] expected, byte[] newValue) {
        return lend(c -> c.compareAndSetAsync(key, expected, newValue));
    }

    /** Runs {@code operation} on a lent clerk; the clerk comes back when the operation completed or was refused. */
    private <T> CompletableFuture<T> lend(Function<KvClient, CompletableFuture<T>> operation) {
        if (closed.getAsBoolean()) {
            throw new IllegalStateException(owner + " is closed");
        }
        KvClient clerk = idle.poll();
        if (clerk == null) {
            clerk = newClerk.get();
        } else {
            idleCount.decrementAndGet();
        }
        KvClient lent = clerk;
        CompletableFuture<T> result;
        try {
            result = operation.apply(lent);
        } catch (RuntimeException e) {
            giveBack(lent);
            throw e;
        }
        return result.whenComplete((r, e) -> giveBack(lent));
    }

    private void giveBack(KvClient clerk) {
        if (!closed.getAsBoolean() && idleCount.incrementAndGet() <= MAX_IDLE) {
            idle.add(clerk);
        } else {
            idleCount.decrementAndGet();
        }
    }

    /** How many clerks wait to be lent. */
    int idle() {
        return idleCount.get();
    }
}

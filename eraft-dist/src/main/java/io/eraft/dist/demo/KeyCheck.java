package io.eraft.dist.demo;

import io.eraft.shardkv.kv.KvClient;
import io.eraft.shardkv.kv.KvException;
import io.eraft.shardkv.kv.KvTimeoutException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keys written before a migration and read back after it: {@code check-0000 = written-before-0000}, ... . The keys
 * are spread over the clients, each writing (or reading) its share one after another.
 */
final class KeyCheck {
    /** What reading the keys back found. */
    record Result(int total, int matched, String firstProblem) {
        boolean allMatched() {
            return matched == total;
        }
    }

    private final int count;

    KeyCheck(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a check needs at least one key, was " + count);
        }
        this.count = count;
    }

    int count() {
        return count;
    }

    /**
     * Writes every key and waits up to {@code timeoutSeconds}.
     *
     * @throws io.eraft.shardkv.kv.KvException (or another failure of the clients) when a write failed
     */
    void write(List<? extends KvClient> clients, long timeoutSeconds) throws InterruptedException {
        forEachKey(clients, timeoutSeconds, "writing", (client, k) -> client.putAsync(key(k), value(k)));
    }

    /** Reads every key (waiting up to {@code timeoutSeconds}) and compares it with what was written. */
    Result verify(List<? extends KvClient> clients, long timeoutSeconds) throws InterruptedException {
        AtomicInteger matched = new AtomicInteger();
        AtomicReference<String> problem = new AtomicReference<>();
        forEachKey(clients, timeoutSeconds, "reading", (client, k) -> client.getAsync(key(k))
                .handle((found, error) -> {
                    compare(k, found, error, matched, problem);
                    return null;
                }));
        return new Result(count, matched.get(), problem.get());
    }

    /** One operation on key number {@code k} through {@code client}. */
    @FunctionalInterface
    private interface KeyOperation {
        CompletableFuture<Void> apply(KvClient client, int k);
    }

    /**
     * Runs {@code operation} on every key, the keys spread over the clients and each client doing its share one
     * after another, and waits up to {@code timeoutSeconds} for all of them ({@code what} names them in errors).
     */
    private void forEachKey(List<? extends KvClient> clients, long timeoutSeconds, String what,
                            KeyOperation operation) throws InterruptedException {
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            KvClient client = clients.get(c);
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = c; i < count; i += clients.size()) {
                int k = i;
                chain = chain.thenCompose(v -> operation.apply(client, k));
            }
            chains.add(chain);
        }
        await(CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)), timeoutSeconds, what);
    }

    private static void compare(int k, Optional<byte[]> found, Throwable error, AtomicInteger matched,
                                AtomicReference<String> problem) {
        String name = new String(key(k), StandardCharsets.UTF_8);
        if (error != null) {
            problem.compareAndSet(null, "reading " + name + " failed: " + error);
        } else if (found.isEmpty()) {
            problem.compareAndSet(null, name + " is absent");
        } else if (!Arrays.equals(found.get(), value(k))) {
            problem.compareAndSet(null, name + " has the value '" + new String(found.get(), StandardCharsets.UTF_8)
                    + "'");
        } else {
            matched.incrementAndGet();
        }
    }

    private void await(CompletableFuture<Void> all, long timeoutSeconds, String what) throws InterruptedException {
        try {
            all.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new KvException(what + " the check keys failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new KvTimeoutException(what + " " + count + " check keys took over " + timeoutSeconds + " s", e);
        }
    }

    static byte[] key(int i) {
        return String.format("check-%04d", i).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] value(int i) {
        return String.format("written-before-%04d", i).getBytes(StandardCharsets.US_ASCII);
    }
}

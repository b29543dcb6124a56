package io.eraft.shardkv.kv;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a caller of the KV service needs, whatever routes its requests: one group's {@link KvClerk} or a sharded
 * cluster's {@code ShardClerk}. Writes apply exactly once; Gets are linearizable.
 *
 * <p>A client has one request outstanding at a time: starting a second before the first completed throws
 * {@link IllegalStateException}; use one client per concurrent caller. A key or value over the client's limits
 * ({@link KvRequestRejectedException}) and a second outstanding request are thrown by the call itself, before
 * anything is sent, in the asynchronous forms too. Other failures complete an asynchronous form's future
 * exceptionally and are thrown as they are by the blocking form. Every failure of a write says whether it may have
 * applied: a {@link KvNotAppliedException} is definite (it did not apply, and will not: e.g.
 * {@link KvRequestRejectedException} for an empty key or one over the limits, {@link KvNoSpaceException} while the
 * space alarm is raised, {@link KvAccessDeniedException}); a {@link KvOutcomeUnknownException} is not (it may have
 * applied once: {@link KvTimeoutException}, {@link SessionExpiredException}). An asynchronous form's future may
 * complete on a transport thread or a timer thread: do not block in its callbacks. The blocking forms wait for the
 * asynchronous ones.
 */
public interface KvClient {

    /** The value of {@code key}, or empty when the key is absent. */
    CompletableFuture<Optional<byte[]>> getAsync(byte[] key);

    /** Sets {@code key} to {@code value}. */
    CompletableFuture<Void> putAsync(byte[] key, byte[] value);

    /** Appends {@code suffix} to the value of {@code key} (an absent key counts as empty). */
    CompletableFuture<Void> appendAsync(byte[] key, byte[] suffix);

    /** Deletes {@code key}; deleting an absent key is not an error. */
    CompletableFuture<Void> deleteAsync(byte[] key);

    /**
     * Sets {@code key} to {@code newValue} if its value equals {@code expected} ({@code null}: if the key is
     * absent); completes with whether it did.
     */
    CompletableFuture<Boolean> compareAndSetAsync(byte[] key, byte[] expected, byte[] newValue);

    /** The value of {@code key}, or empty when the key is absent; waits for {@link #getAsync}. */
    default Optional<byte[]> get(byte[] key) {
        return await(getAsync(key));
    }

    /** Sets {@code key} to {@code value}; waits for {@link #putAsync}. */
    default void put(byte[] key, byte[] value) {
        await(putAsync(key, value));
    }

    /** Appends {@code suffix} to the value of {@code key}; waits for {@link #appendAsync}. */
    default void append(byte[] key, byte[] suffix) {
        await(appendAsync(key, suffix));
    }

    /** Deletes {@code key}; waits for {@link #deleteAsync}. */
    default void delete(byte[] key) {
        await(deleteAsync(key));
    }

    /** Compare-and-set; waits for {@link #compareAndSetAsync} and returns whether it applied. */
    default boolean compareAndSet(byte[] key, byte[] expected, byte[] newValue) {
        return await(compareAndSetAsync(key, expected, newValue));
    }

    /**
     * Waits for {@code f} and rethrows its failure as it is (a {@link KvException} or an unchecked exception), not
     * wrapped in an {@link ExecutionException}.
     */
    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvOutcomeUnknownException("interrupted while waiting for the KV service; the request is "
                    + "still running", e);
        } catch (ExecutionException e) {
            Throwable cause = e;
            while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new KvException(cause.toString(), cause);
        }
    }
}

package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestTimeoutException;
import io.eraft.api.transport.TransportException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sender's side of one request: the caller's future, its timer, and the connection it went out on. The first
 * outcome wins; later ones (a reply after the timeout, a lost connection after the reply) are ignored.
 */
final class PendingRequest {
    private final long id;
    private final NodeId sender;
    private final NodeId target;
    private final String channel;
    private final long timeoutNanos;
    private final Consumer<PendingRequest> onFinish;
    private final CompletableFuture<byte[]> future = new CompletableFuture<>();
    private volatile Future<?> timer;
    private volatile Connection connection;
    private volatile long sentNanos;

    PendingRequest(long id, NodeId sender, NodeId target, String channel, long timeoutNanos,
                   Consumer<PendingRequest> onFinish) {
        this.id = id;
        this.sender = sender;
        this.target = target;
        this.channel = channel;
        this.timeoutNanos = timeoutNanos;
        this.onFinish = onFinish;
    }

    long id() {
        return id;
    }

    NodeId target() {
        return target;
    }

    String channel() {
        return channel;
    }

    CompletableFuture<byte[]> future() {
        return future;
    }

    boolean isDone() {
        return future.isDone();
    }

    /** Starts the timer that fails this request with a {@link RequestTimeoutException}. */
    void armTimeout(ScheduledExecutorService scheduler) {
        timer = scheduler.schedule(() -> fail(new RequestTimeoutException(timeoutMessage())), timeoutNanos,
                TimeUnit.NANOSECONDS);
        if (future.isDone()) {
            timer.cancel(false);
        }
    }

    /** When it was handed to its connection ({@link System#nanoTime()}), for the round-trip time. */
    long sentNanos() {
        return sentNanos;
    }

    /** Records the connection this request went out on, which forgets it once it has an outcome. */
    void sentOn(Connection sentOn) {
        sentNanos = System.nanoTime();
        connection = sentOn;
        if (future.isDone()) {
            sentOn.forget(this);
        }
    }

    /** Completes the caller's future with {@code reply}; false if it already had an outcome. */
    boolean complete(byte[] reply) {
        if (!future.complete(reply)) {
            return false;
        }
        finish();
        return true;
    }

    /** Fails the caller's future; false if it already had an outcome. */
    boolean fail(TransportException error) {
        if (!future.completeExceptionally(error)) {
            return false;
        }
        finish();
        return true;
    }

    /** "request from a to b on channel 'c'", for error messages. */
    String describe() {
        return "request from " + sender + " to " + target + " on channel '" + channel + "'";
    }

    private String timeoutMessage() {
        return "no reply to the " + describe() + " within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms";
    }

    private void finish() {
        Future<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        Connection c = connection;
        if (c != null) {
            c.forget(this);
        }
        onFinish.accept(this);
    }
}

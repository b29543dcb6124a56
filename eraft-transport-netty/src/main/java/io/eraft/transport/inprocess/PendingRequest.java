package io.eraft.transport.inprocess;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.TransportException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sender's side of one request: the future its caller holds and the timer that fails it. The first outcome wins;
 * later ones (a reply after the timeout, a failure after the reply) are ignored.
 */
final class PendingRequest {
    private final InProcessTransport sender;
    private final NodeId target;
    private final String channel;
    private final long timeoutNanos;
    private final CompletableFuture<byte[]> future = new CompletableFuture<>();
    private final long sentNanos = System.nanoTime();
    private volatile ScheduledFuture<?> timeoutTask;

    PendingRequest(InProcessTransport sender, NodeId target, String channel, long timeoutNanos) {
        this.sender = sender;
        this.target = target;
        this.channel = channel;
        this.timeoutNanos = timeoutNanos;
    }

    /** When it was made ({@link System#nanoTime()}), for the round-trip time. */
    long sentNanos() {
        return sentNanos;
    }

    InProcessTransport sender() {
        return sender;
    }

    NodeId target() {
        return target;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    CompletableFuture<byte[]> future() {
        return future;
    }

    /** Keeps the timer that fails this request, so an earlier outcome can cancel it. */
    void armTimeout(ScheduledFuture<?> task) {
        timeoutTask = task;
        if (future.isDone()) {
            task.cancel(false);
        }
    }

    void settle(Reply reply) {
        if (reply.error() == null) {
            future.complete(reply.payload());
        } else {
            future.completeExceptionally(reply.error());
        }
        finish();
    }

    void fail(TransportException error) {
        future.completeExceptionally(error);
        finish();
    }

    /** "request from a to b on channel 'c'", for error messages. */
    String describe() {
        return "request from " + sender.localNode() + " to " + target + " on channel '" + channel + "'";
    }

    /** The message of this request's {@link io.eraft.api.transport.RequestTimeoutException}. */
    String timeoutMessage() {
        return "no reply to the " + describe() + " within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms";
    }

    private void finish() {
        ScheduledFuture<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
        sender.forget(this);
    }
}

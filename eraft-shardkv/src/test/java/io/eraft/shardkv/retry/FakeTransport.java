package io.eraft.shardkv.retry;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestHandler;
import io.eraft.api.transport.RequestTimeoutException;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportStats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client-side transport whose answers a test scripts: each request is recorded (target, channel, payload, timeout,
 * time and sending thread) and answered by the test's {@link Responder}.
 */
public final class FakeTransport implements Transport {
    /** Answers one request. */
    @FunctionalInterface
    public interface Responder {
        CompletableFuture<byte[]> answer(NodeId target, byte[] payload, Duration timeout);
    }

    /** One request as it was sent. */
    public record Sent(NodeId target, String channel, byte[] payload, Duration timeout, long atNanos, Thread thread) {
    }

    private final Responder responder;
    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();

    public FakeTransport(Responder responder) {
        this.responder = responder;
    }

    /** An immediate reply of {@code text} in UTF-8. */
    public static CompletableFuture<byte[]> text(String text) {
        return CompletableFuture.completedFuture(text.getBytes(StandardCharsets.UTF_8));
    }

    /** What a transport gives for a server that never answers: a timeout once {@code timeout} passed. */
    public static CompletableFuture<byte[]> noAnswerTo(NodeId target, byte[] payload, Duration timeout) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS, Runnable::run).execute(() ->
                reply.completeExceptionally(new RequestTimeoutException(target + " did not answer within " + timeout)));
        return reply;
    }

    /** Every request sent so far, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The servers requests went to, in order. */
    public List<NodeId> targets() {
        return sent.stream().map(Sent::target).toList();
    }

    @Override
    public CompletableFuture<byte[]> request(NodeId target, String channel, byte[] payload, Duration timeout) {
        sent.add(new Sent(target, channel, payload, timeout, System.nanoTime(), Thread.currentThread()));
        return responder.answer(target, payload, timeout);
    }

    @Override
    public NodeId localNode() {
        return NodeId.of("clerk");
    }

    @Override
    public void register(String channel, io.eraft.api.transport.Access access, RequestHandler handler) {
        throw new UnsupportedOperationException("a clerk's fake transport serves no channel");
    }

    @Override
    public void unregister(String channel) {
        throw new UnsupportedOperationException("a clerk's fake transport serves no channel");
    }

    @Override
    public TransportStats stats() {
        return new TransportStats(sent.size(), sent.stream().mapToLong(s -> s.payload().length).sum(), 0, 0);
    }

    @Override
    public void close() {
    }
}

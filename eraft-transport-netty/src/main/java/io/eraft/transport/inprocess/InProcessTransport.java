package io.eraft.transport.inprocess;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RemoteException;
import io.eraft.api.transport.RequestHandler;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportStats;
import io.eraft.api.transport.UnknownChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node's transport on an {@link InProcessNetwork}. Its handlers, and the completion of its own requests, run on
 * the node's single {@link DeliveryLoop}; {@link #request} only queues work and never runs callbacks itself.
 */
final class InProcessTransport implements Transport {
    /** Requests that may wait for this node's handlers before new ones fail as unreachable ("queue full"). */
    static final int MAX_WAITING_REQUESTS = 65_536;

    private static final Logger LOG = LoggerFactory.getLogger(InProcessTransport.class);
    private static final Duration LONGEST_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE);

    private final NodeId node;
    private final Router router;
    private final NodeCounters counters;
    private final DeliveryLoop loop;
    private final ConcurrentMap<String, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final Set<PendingRequest> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger waitingRequests = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    InProcessTransport(NodeId node, Router router, NodeCounters counters, DeliveryLoop loop) {
        this.node = node;
        this.router = router;
        this.counters = counters;
        this.loop = loop;
    }

    @Override
    public NodeId localNode() {
        return node;
    }

    @Override
    public void register(String channel, RequestHandler handler) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(handler, "handler");
        if (closed.get()) {
            throw new IllegalStateException("the transport of node " + node + " is closed; join the network again");
        }
        if (handlers.putIfAbsent(channel, handler) != null) {
            throw new IllegalStateException("channel '" + channel + "' of node " + node + " already has a handler");
        }
    }

    @Override
    public void unregister(String channel) {
        handlers.remove(Objects.requireNonNull(channel, "channel"));
    }

    @Override
    public CompletableFuture<byte[]> request(NodeId target, String channel, byte[] payload, Duration timeout) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
        long timeoutNanos = positiveNanos(timeout);
        if (closed.get()) {
            return CompletableFuture.failedFuture(new TransportException("the transport of node " + node
                    + " is closed; cannot send on channel '" + channel + "' to " + target));
        }
        counters.requestSent(payload.length);
        PendingRequest request = new PendingRequest(this, target, channel, timeoutNanos);
        pending.add(request);
        if (closed.get()) {
            request.fail(closedWhileWaiting(request));
            return request.future();
        }
        router.armTimeout(request);
        router.sendRequest(new InboundRequest(request, channel, payload));
        return request.future();
    }

    @Override
    public TransportStats stats() {
        return counters.snapshot();
    }

    /** Stops the node: queued requests to it fail as unreachable, and its own pending requests fail. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        router.detach(this);
        for (Delivery delivery : loop.close()) {
            delivery.abort();
        }
        for (PendingRequest request : pending) {
            request.fail(closedWhileWaiting(request));
        }
        LOG.debug("transport of node {} on in-process network '{}' closed", node, router.network());
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Takes a request for this node's handlers; if the node cannot take it, the sender learns it is unreachable. */
    void receive(InboundRequest request) {
        if (waitingRequests.incrementAndGet() > MAX_WAITING_REQUESTS) {
            waitingRequests.decrementAndGet();
            router.unreachable(request.pending(), "the delivery queue of node " + node + " is full ("
                    + MAX_WAITING_REQUESTS + " requests waiting)");
        } else if (!loop.submit(new Arrival(request))) {
            waitingRequests.decrementAndGet();
            router.unreachable(request.pending(), "node " + node + " crashed before handling it");
        }
    }

    /** Completes one of this node's requests with {@code reply}, on this node's loop. */
    void acceptReply(PendingRequest request, Reply reply) {
        loop.submit(new Settlement(request, reply, true));
    }

    /** Fails one of this node's requests with {@code error}, on this node's loop. */
    void failLater(PendingRequest request, TransportException error) {
        loop.submit(new Settlement(request, Reply.failure(error), false));
    }

    void forget(PendingRequest request) {
        pending.remove(request);
    }

    private void handle(InboundRequest request) {
        counters.requestReceived(request.payload().length);
        NodeId from = request.pending().sender().localNode();
        RequestHandler handler = handlers.get(request.channel());
        if (handler == null) {
            reply(request, Reply.failure(new UnknownChannelException(
                    "node " + node + " has no handler for channel '" + request.channel() + "'")));
            return;
        }
        CompletableFuture<byte[]> answer;
        try {
            answer = handler.handle(from, request.payload());
        } catch (RuntimeException e) {
            LOG.debug("handler of channel '{}' on node {} threw", request.channel(), node, e);
            reply(request, Reply.failure(new RemoteException(messageOf(e), e)));
            return;
        }
        if (answer == null) {
            reply(request, Reply.failure(new RemoteException("the handler of channel '" + request.channel()
                    + "' on node " + node + " returned null instead of a future")));
            return;
        }
        answer.whenComplete((payload, error) -> reply(request, outcome(request, payload, error)));
    }

    private Reply outcome(InboundRequest request, byte[] payload, Throwable error) {
        if (error != null) {
            Throwable cause = unwrap(error);
            return Reply.failure(new RemoteException(messageOf(cause), cause));
        }
        if (payload == null) {
            return Reply.failure(new RemoteException("the handler of channel '" + request.channel() + "' on node "
                    + node + " completed with null; reply with an empty array instead"));
        }
        return Reply.of(payload);
    }

    private void reply(InboundRequest request, Reply reply) {
        counters.replySent(reply.size());
        router.sendReply(this, request, reply);
    }

    private TransportException closedWhileWaiting(PendingRequest request) {
        return new TransportException("the transport of node " + node + " closed before the " + request.describe()
                + " was answered");
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String messageOf(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.getClass().getName();
    }

    private static long positiveNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return timeout.compareTo(LONGEST_TIMEOUT) >= 0 ? Long.MAX_VALUE : timeout.toNanos();
    }

    /** A request reaching this node's loop. */
    private final class Arrival implements Delivery {
        private final InboundRequest request;

        Arrival(InboundRequest request) {
            this.request = request;
        }

        @Override
        public void run() {
            waitingRequests.decrementAndGet();
            if (closed.get()) {
                router.unreachable(request.pending(), "node " + node + " crashed before handling it");
            } else {
                handle(request);
            }
        }

        @Override
        public void abort() {
            waitingRequests.decrementAndGet();
            router.unreachable(request.pending(), "node " + node + " crashed before handling it");
        }
    }

    /** The outcome of one of this node's requests reaching its loop. */
    private final class Settlement implements Delivery {
        private final PendingRequest request;
        private final Reply reply;
        private final boolean received;

        Settlement(PendingRequest request, Reply reply, boolean received) {
            this.request = request;
            this.reply = reply;
            this.received = received;
        }

        @Override
        public void run() {
            if (received) {
                counters.replyReceived(reply.size());
            }
            request.settle(reply);
        }

        @Override
        public void abort() {
            request.fail(closedWhileWaiting(request));
        }
    }
}

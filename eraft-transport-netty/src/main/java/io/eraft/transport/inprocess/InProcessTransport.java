package io.eraft.transport.inprocess;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RemoteException;
import io.eraft.api.transport.RequestHandler;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportStats;
import io.eraft.api.transport.UnknownChannelException;
import io.eraft.transport.handling.ChannelHandlers;
import io.eraft.transport.handling.Claim;
import io.eraft.transport.handling.Evidence;
import io.eraft.transport.handling.Gate;
import io.eraft.transport.handling.Outcome;
import io.eraft.transport.handling.PeerTraffic;
import io.eraft.transport.handling.Refusals;
import io.eraft.transport.handling.RequestChecks;
import io.eraft.transport.handling.Sender;
import io.eraft.transport.handling.TrafficMetrics;
import io.eraft.transport.handling.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node's transport on an {@link InProcessNetwork}. Its handlers, and the completion of its own requests, run on
 * the node's single {@link DeliveryLoop}; {@link #request} only queues work and never runs callbacks itself.
 *
 * <p>Each arriving request is checked as a netty node checks a hello, by the node's {@link Gate}: the sender's
 * identity is what it joined the network as (it cannot lie about it), and a sender of another cluster, or a peer
 * that is not a member, is refused with {@link AccessDeniedException}; then the channel's access is checked against
 * the sender's role.
 */
final class InProcessTransport implements Transport {
    /** Requests that may wait for this node's handlers before new ones fail as unreachable ("queue full"). */
    static final int MAX_WAITING_REQUESTS = 65_536;

    private static final Logger LOG = LoggerFactory.getLogger(InProcessTransport.class);

    private final NodeId node;
    private final Gate gate;
    private final Refusals refusals;
    private final Router router;
    private final NodeCounters counters;
    private final TrafficMetrics metrics = new TrafficMetrics();
    private final DeliveryLoop loop;
    private final ChannelHandlers handlers;
    private final Set<PendingRequest> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger waitingRequests = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param gate who this node is and whom it admits */
    InProcessTransport(Gate gate, Router router, NodeCounters counters, DeliveryLoop loop) {
        this.node = gate.self();
        this.gate = gate;
        this.refusals = new Refusals(node);
        this.router = router;
        this.counters = counters;
        this.loop = loop;
        this.handlers = new ChannelHandlers(node, refusals, counters::requestReceived);
    }

    @Override
    public NodeId localNode() {
        return node;
    }

    @Override
    public ClusterId clusterId() {
        return gate.cluster();
    }

    @Override
    public void register(String channel, Access access, RequestHandler handler) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
        if (closed.get()) {
            throw new IllegalStateException("the transport of node " + node + " is closed; join the network again");
        }
        handlers.register(channel, access, handler);
    }

    @Override
    public void unregister(String channel) {
        handlers.unregister(channel);
    }

    @Override
    public CompletableFuture<byte[]> request(NodeId target, String channel, byte[] payload, Duration timeout) {
        long timeoutNanos = RequestChecks.timeoutNanos(target, channel, payload, timeout);
        if (closed.get()) {
            return CompletableFuture.failedFuture(RequestChecks.sentWhileClosed(node, channel, target));
        }
        counters.requestSent(payload.length);
        if (!target.equals(node)) {
            metrics.peer(target).sent(payload.length);
        }
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

    /**
     * Takes the group's members after a membership change, for a node that checks its senders
     * ({@link InProcessNetwork#join(io.eraft.api.transport.TransportConfig)} with addresses): every request is checked
     * on arrival, so a removed node's next request is refused ("not a member of the group") and a new member's
     * admitted. There are no connections to close, and addresses mean nothing here (nodes are reached by id). A node
     * that checks no membership (a trusted test node, or one whose fellow members are not listed) ignores this.
     */
    @Override
    public void updateMembers(Set<NodeId> members, Map<NodeId, String> addresses) {
        Objects.requireNonNull(addresses, "addresses");
        gate.updateMembers(Set.copyOf(Objects.requireNonNull(members, "members")));
    }

    /**
     * Records, labelled {@code peer} (the other node; {@code "client"} for every sender admitted as a client or
     * operator), the requests and responses sent and received with their payload bytes, and the round-trip time of
     * each answered request. There are no connections here, so no connection gauges, and no backpressure; requests a
     * node sends itself are not recorded.
     */
    @Override
    public void recordTo(Metrics to) {
        metrics.recordTo(Objects.requireNonNull(to, "metrics"), List.of());
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
        refusals.summarize();
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
        InProcessTransport sender = request.pending().sender();
        Claim claim = sender.gate.ownClaim();
        Verdict verdict = sender == this ? new Verdict(Access.PEER, null) : gate.admit(claim, Evidence.TRUSTED);
        String origin = "in-process network '" + router.network() + "'";
        if (!verdict.isAdmitted()) {
            refusals.refuse(Refusals.Kind.HELLO, "the " + request.pending().describe() + " from " + claim.describe()
                    + " on " + origin, verdict.refusal());
            reply(request, Reply.failure(new AccessDeniedException("node " + node + " refused the "
                    + request.pending().describe() + ": " + verdict.refusal())), PeerTraffic.NONE);
            return;
        }
        Sender from = new Sender(claim.node(), verdict.role(), origin);
        PeerTraffic traffic = sender == this ? PeerTraffic.NONE
                : verdict.role() == Access.PEER ? metrics.peer(claim.node()) : metrics.client();
        traffic.received(request.payload().length);
        handlers.dispatch(from, request.channel(), request.payload(), new Outcome() {
            @Override
            public void reply(byte[] payload) {
                InProcessTransport.this.reply(request, Reply.of(payload), traffic);
            }

            @Override
            public void unknownChannel(String message) {
                InProcessTransport.this.reply(request, Reply.failure(new UnknownChannelException(message)), traffic);
            }

            @Override
            public void accessDenied(String message) {
                InProcessTransport.this.reply(request, Reply.failure(new AccessDeniedException(message)), traffic);
            }

            @Override
            public void handlerFailed(String message, Throwable cause) {
                InProcessTransport.this.reply(request, Reply.failure(new RemoteException(message, cause)),
                        traffic);
            }
        });
    }

    private void reply(InboundRequest request, Reply reply, PeerTraffic to) {
        counters.replySent(reply.size());
        to.sent(reply.size());
        router.sendReply(this, request, reply);
    }

    private TransportException closedWhileWaiting(PendingRequest request) {
        return RequestChecks.closedBefore(node, request.describe());
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
                if (!request.target().equals(node)) {
                    PeerTraffic from = metrics.peer(request.target());
                    from.received(reply.size());
                    from.answered(request.sentNanos());
                }
            }
            request.settle(reply);
        }

        @Override
        public void abort() {
            request.fail(closedWhileWaiting(request));
        }
    }
}

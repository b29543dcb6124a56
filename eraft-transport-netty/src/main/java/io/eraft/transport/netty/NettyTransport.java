package io.eraft.transport.netty;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.RequestHandler;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportStats;
import io.eraft.transport.handling.Claim;
import io.eraft.transport.handling.Gate;
import io.eraft.transport.handling.Members;
import io.eraft.transport.handling.Refusals;
import io.eraft.transport.handling.RequestChecks;
import io.eraft.transport.handling.Sender;
import io.eraft.transport.netty.proto.Envelope;
import io.eraft.transport.netty.proto.Error;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's netty transport. It listens on its own address (if the config has one; a client has none), dials
 * other nodes when it first sends to them, and sends all its requests to a node, on every channel, over the one
 * connection it dialed to that node; connections other nodes open to it carry only their requests. See
 * {@link NettyTransportProvider} for the options.
 */
final class NettyTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
    /** How long close() waits for the event loops to stop. */
    private static final long SHUTDOWN_WAIT_MILLIS = 2_000;
    /** How often the refusals left out of the log by its rate limit are summarised. */
    private static final long REFUSAL_SUMMARY_SECONDS = 10;

    private final NodeId self;
    private final Gate gate;
    private final NettyOptions options;
    private final EventLoops loops;
    private final TrafficCounters counters = new TrafficCounters();
    private final Refusals refusals;
    private final Dispatcher dispatcher;
    private final MemberAddresses memberAddresses;
    private final Peers peers;
    /** The nodes of the config other than this one, whose connection gauges exist from {@link #recordTo} on. */
    private final Set<NodeId> configuredPeers;
    private final Set<PendingRequest> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Channel server;

    private NettyTransport(Gate gate, Map<NodeId, Address> addresses, NettyOptions options, EventLoops loops) {
        this.self = gate.self();
        this.gate = gate;
        this.options = options;
        this.loops = loops;
        this.refusals = new Refusals(self);
        this.dispatcher = new Dispatcher(self, counters, refusals);
        this.memberAddresses = new MemberAddresses(self, addresses);
        this.peers = new Peers(self, memberAddresses, gate::members);
        Set<NodeId> others = new HashSet<>(addresses.keySet());
        others.remove(self);
        this.configuredPeers = Set.copyOf(others);
    }

    /**
     * Starts a transport; it listens on {@code addresses.get(self)} if present.
     *
     * @param identity  who this node is, its cluster and role
     * @param addresses every node this node knows: the members of its cluster, whose hellos must prove them
     * @throws TransportException when it cannot listen (e.g. the port is in use)
     */
    static NettyTransport start(Claim identity, Map<NodeId, Address> addresses, NettyOptions options,
                                Optional<Tls> tls) {
        Gate gate = new Gate(identity.node(), identity.cluster(), identity.role(),
                Members.of(addresses.keySet(), true));
        EventLoops loops = EventLoops.start(identity.node().value(), options.ioThreads());
        NettyTransport transport = new NettyTransport(gate, addresses, options, loops);
        try {
            transport.wire(tls, addresses.get(identity.node()));
            return transport;
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    private void wire(Optional<Tls> tls, Address listenOn) {
        HelloCheck hellos = new HelloCheck(gate, tls.isPresent(), options.peerAddressCheck(), memberAddresses);
        ConnectionContext context = new ConnectionContext(self, options, dispatcher, counters, peers, hellos,
                refusals);
        Pipelines pipelines = new Pipelines(options.maxFrameBytes(), tls);
        int high = (int) Math.min(Integer.MAX_VALUE, options.maxPendingBytesPerPeer());
        WriteBufferWaterMark watermark = new WriteBufferWaterMark(high / 2, high);
        Bootstrap dialing = new Bootstrap()
                .group(loops.group())
                .channel(loops.socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, watermark);
        peers.useDialer(new Dialer(dialing, context, pipelines, peers::opened));
        if (listenOn != null) {
            listen(listenOn, new ServerBootstrap()
                    .group(loops.group())
                    .channel(loops.serverChannelClass())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, watermark)
                    .childHandler(pipelines.accepting(() -> Connection.accepted(context), peers::opened)));
        }
        loops.group().scheduleAtFixedRate(refusals::summarize, REFUSAL_SUMMARY_SECONDS, REFUSAL_SUMMARY_SECONDS,
                TimeUnit.SECONDS);
        LOG.info("netty transport of node {} started ({}, {} io threads, {}, {}{})", self, loops.kind(),
                options.ioThreads(), listenOn == null ? "not listening" : "listening on " + listenOn,
                gate.ownClaim().describe(), tls.isPresent() ? ", TLS"
                        : options.peerAddressCheck() ? "" : ", peer-address-check off");
    }

    private void listen(Address address, ServerBootstrap bootstrap) {
        try {
            server = bootstrap.bind(new InetSocketAddress(address.host(), address.port())).syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // bind() rethrows its checked cause undeclared
            throw new TransportException(listenFailure(address, e), e);
        }
    }

    private String listenFailure(Address address, Exception e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof BindException || message.contains("in use")) {
            return "node " + self + " cannot listen on " + address + ": the address is already in use (" + message
                    + ")";
        }
        return "node " + self + " cannot listen on " + address + ": " + message;
    }

    @Override
    public NodeId localNode() {
        return self;
    }

    @Override
    public ClusterId clusterId() {
        return gate.cluster();
    }

    @Override
    public void register(String channel, Access access, RequestHandler handler) {
        if (closed.get()) {
            throw new IllegalStateException("the transport of node " + self + " is closed");
        }
        dispatcher.register(channel, access, handler);
    }

    @Override
    public void unregister(String channel) {
        dispatcher.unregister(channel);
    }

    @Override
    public CompletableFuture<byte[]> request(NodeId target, String channel, byte[] payload, Duration timeout) {
        long timeoutNanos = RequestChecks.timeoutNanos(target, channel, payload, timeout);
        if (closed.get()) {
            return CompletableFuture.failedFuture(RequestChecks.sentWhileClosed(self, channel, target));
        }
        long id = nextId.incrementAndGet();
        Envelope envelope = Envelopes.request(id, channel, payload);
        int frameLength = Wire.frameLength(envelope);
        if (frameLength > options.maxFrameBytes()) {
            return CompletableFuture.failedFuture(new TransportException("the request of " + payload.length
                    + " bytes on channel '" + channel + "' to node " + target + " makes a frame of " + frameLength
                    + " bytes, over max-frame-bytes " + options.maxFrameBytes()));
        }
        counters.requestSent(payload.length);
        PendingRequest request = new PendingRequest(id, self, target, channel, timeoutNanos, open::remove);
        open.add(request);
        if (closed.get()) {
            request.fail(closedBefore(request));
            return request.future();
        }
        try {
            request.armTimeout(loops.group().next());
        } catch (RejectedExecutionException e) {
            request.fail(closedBefore(request));
            return request.future();
        }
        if (target.equals(self)) {
            sendToSelf(request, payload);
        } else {
            sendToPeer(request, envelope, frameLength);
        }
        return request.future();
    }

    /**
     * Takes the group's members after a membership change. The new addresses are in place before the new members
     * are admitted (so a new member's hello finds its address to be checked against); then the {@link Members}
     * snapshot is replaced whole, and the peer connections, both ways, of nodes that may no longer be peers are
     * closed. Addresses of nodes the config names are ignored: they stay at their configured address.
     *
     * <p>A removed node is refused as a peer from now on, unless its id is its own {@code host:port} (a shard group
     * server, which servers of other groups reach by its address): that one is only no longer listed. Requests this
     * node sends to a removed node are not refused: the transport dials it on demand at its configured or last
     * given address (Raft stops sending to it anyway, and a transport does not second-guess whom its owner talks
     * to); that node decides itself whether it still admits this one.
     *
     * @throws TransportException for an address that is not {@code host:port}, before anything changes
     */
    @Override
    public String addressOf(NodeId node) {
        Address address = memberAddresses.addressOf(node);
        return address == null ? null : address.toString();
    }

    @Override
    public void updateMembers(Set<NodeId> members, Map<NodeId, String> addresses) {
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(addresses, "addresses");
        if (closed.get()) {
            return;
        }
        memberAddresses.learn(Address.parseAll(addresses));
        Members now = gate.updateMembers(Set.copyOf(members));
        int closedCount = peers.membersChanged(now);
        LOG.info("node {} takes a membership change: {} ({} peer connection(s) of former members closed)", self, now,
                closedCount);
    }

    /**
     * Records, labelled {@code peer} (the node at the other end; {@code "client"} for every connection admitted as a
     * client or operator), the requests and responses sent and received and their payload bytes, the round-trip
     * time of each request answered over the network, whether a connection with each configured or connected node
     * is established, and backpressure: a request refused because too many bytes wait for its peer, and each pause
     * in reading a connection (its peer does not read its replies, or holds too much of this node's handlers).
     * Requests a node sends itself cross no network and are not recorded. May be called at any time.
     */
    @Override
    public void recordTo(Metrics metrics) {
        counters.recordTo(Objects.requireNonNull(metrics, "metrics"), configuredPeers);
    }

    @Override
    public TransportStats stats() {
        return counters.snapshot();
    }

    /** Fails pending requests, closes every connection and the listening socket, and stops the event loops. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (PendingRequest request : open) {
            request.fail(closedBefore(request));
        }
        Channel s = server;
        if (s != null) {
            var closing = s.close();
            if (!loops.inEventLoop()) { // a loop must not wait for itself
                closing.awaitUninterruptibly(SHUTDOWN_WAIT_MILLIS);
            }
        }
        peers.closeAll("the transport of node " + self + " closed");
        loops.shutdown(SHUTDOWN_WAIT_MILLIS);
        memberAddresses.close();
        refusals.summarize();
        LOG.info("netty transport of node {} closed", self);
    }

    /** {@code epoll} or {@code nio}. */
    String ioKind() {
        return loops.kind();
    }

    /** Open connections, both directions, established or not. */
    int connectionCount() {
        return peers.connectionCount();
    }

    /** Bytes waiting to be written to {@code node}'s connection. */
    long pendingBytes(NodeId node) {
        return peers.pendingBytes(node);
    }

    /** What this node refused so far (logged or not). */
    Refusals refusals() {
        return refusals;
    }

    private void sendToPeer(PendingRequest request, Envelope envelope, int frameLength) {
        Connection connection;
        try {
            connection = peers.connectionFor(request.target());
        } catch (AccessDeniedException e) {
            request.fail(new AccessDeniedException("the " + request.describe() + " was refused: " + e.getMessage()));
            return;
        } catch (PeerUnreachableException e) {
            request.fail(new PeerUnreachableException("the " + request.describe() + " failed: " + e.getMessage(), e));
            return;
        }
        if (!connection.send(request, envelope, Wire.LENGTH_BYTES + frameLength)) {
            request.fail(new PeerUnreachableException("the " + request.describe() + " failed: the queue to node "
                    + request.target() + " is full: " + connection.queueDetail()));
        }
    }

    /** A request to this node itself: straight to its handler on an event loop, no network. */
    private void sendToSelf(PendingRequest request, byte[] payload) {
        ReplySink sink = new ReplySink() {
            @Override
            public void reply(byte[] reply) {
                counters.replySent(reply.length);
                if (!request.isDone()) { // counted before completing, so the caller sees the count
                    counters.replyReceived(reply.length);
                    request.complete(reply);
                }
            }

            @Override
            public void fail(Error.Kind kind, String message) {
                request.fail(Dispatcher.toException(kind, message));
            }
        };
        Sender me = new Sender(self, Access.PEER, "this node itself");
        try {
            loops.group().next().execute(() -> dispatcher.dispatch(me, request.channel(), payload, sink));
        } catch (RejectedExecutionException e) {
            request.fail(closedBefore(request));
        }
    }

    private TransportException closedBefore(PendingRequest request) {
        return RequestChecks.closedBefore(self, request.describe());
    }
}

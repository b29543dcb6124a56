package io.eraft.transport.netty;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.TransportException;
import io.eraft.transport.handling.Claim;
import io.eraft.transport.handling.PeerTraffic;
import io.eraft.transport.handling.Refusals;
import io.eraft.transport.handling.Sender;
import io.eraft.transport.handling.Verdict;
import io.eraft.transport.netty.proto.Envelope;
import io.eraft.transport.netty.proto.Hello;
import io.eraft.transport.netty.proto.Request;
import io.eraft.transport.netty.proto.Response;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TCP connection between this node and a peer or client, and the last handler of its pipeline. Requests go one
 * way only: a connection this node dialed carries this node's requests (and their answers back); a connection it
 * accepted carries the other side's requests (and this node's answers). So a node sends only on connections it opened
 * to the address it knows for the target, and no connection another side opens can take over that traffic.
 *
 * <p>The dialer sends its hello (who it is, its cluster and role, whom it dialed); the acceptor checks it
 * ({@link HelloCheck}) and answers with its own hello, or with a refusal and a close. The dialer checks the answer in
 * turn (the node it dialed, its cluster, with TLS its certificate) and only then sends its requests. A frame that
 * breaks the protocol closes the connection with a reason, logged through the node's {@link Refusals}; requests this
 * node sent on it then fail with {@link PeerUnreachableException}, or {@link AccessDeniedException} when either side
 * refused the other. Outgoing frames go through a bounded {@link Outbox}; reading stops while the other side holds
 * this node too long ({@link ReadThrottle}).
 */
final class Connection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /** Refusal reasons from the other side are cut to this many characters before they are logged or shown. */
    private static final int MAX_REMOTE_REASON_CHARS = 512;

    private final ConnectionContext node;
    private final boolean dialed;
    private final Outbox outbox;
    private final ConcurrentMap<Long, PendingRequest> inFlight = new ConcurrentHashMap<>();
    private final ReadThrottle throttle;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Envelopes that arrived while the acceptor was still checking the hello (event loop only). */
    private final Queue<Envelope> held = new ArrayDeque<>();
    private volatile NodeId peer;
    private volatile Access role;
    private volatile String remote;
    private volatile boolean established;
    private volatile String closeReason;
    /** Whether the channel ever became active (a dialed one: whether its connect succeeded). Event-loop confined. */
    private boolean wasActive;
    private volatile boolean denied;
    private volatile Channel channel;
    private volatile ScheduledFuture<?> handshakeTimer;
    /** The metric instruments of the other side: known once it is (dialed: at once; accepted: at its hello). */
    private volatile PeerTraffic traffic;
    /** Whether {@link #established()} counted this connection in its peer's {@link PeerTraffic#connected()}. */
    private volatile boolean countedConnected;
    private boolean helloSeen; // event loop only
    private boolean checking; // event loop only

    private Connection(ConnectionContext node, boolean dialed, NodeId peer, String remote) {
        this.node = node;
        this.dialed = dialed;
        this.peer = peer;
        this.remote = remote;
        this.traffic = peer != null ? node.counters().peer(peer) : PeerTraffic.NONE;
        this.outbox = new Outbox(node.options().maxPendingBytesPerPeer());
        this.throttle = new ReadThrottle(node.options().maxPendingBytesPerPeer(), this,
                () -> traffic.backpressure());
    }

    /** A connection this node is opening to {@code target} at {@code address}. */
    static Connection dialing(ConnectionContext node, NodeId target, Address address) {
        return new Connection(node, true, target, address.toString());
    }

    /** A connection a peer or client opened to this node; its peer is known after its hello. */
    static Connection accepted(ConnectionContext node) {
        return new Connection(node, false, null, "an unknown address");
    }

    /** The node at the other end: the dialed target, or who an accepted connection proved it is (null before). */
    NodeId peer() {
        return peer;
    }

    boolean dialed() {
        return dialed;
    }

    /**
     * Whether it carries traffic between this node and a peer: every connection this node dialed (this node sends its
     * requests on it), and an accepted one whose hello was admitted as {@link Access#PEER}.
     */
    boolean isPeerConnection() {
        return dialed || role == Access.PEER;
    }

    boolean isEstablished() {
        return established;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Whether it closed because one side refused the other's hello. */
    boolean wasDenied() {
        return denied;
    }

    /** Bytes waiting to be written to this connection. */
    long pendingBytes() {
        return outbox.pendingBytes();
    }

    /**
     * Sends {@code request}; its reply or the loss of this connection settles it.
     *
     * @return false, sending nothing, if the bytes waiting for this connection would pass the per-peer bound
     */
    boolean send(PendingRequest request, Envelope envelope, int frameBytes) {
        inFlight.put(request.id(), request);
        request.sentOn(this);
        if (!outbox.offerRequest(envelope, frameBytes)) {
            inFlight.remove(request.id(), request);
            traffic.backpressure();
            return false;
        }
        traffic.sent(envelope.getRequest().getPayload().size());
        if (closed.get()) {
            request.fail(lost(request, closeReason));
        }
        return true;
    }

    /** "8 MiB of 8 MiB" style detail for a refused request. */
    String queueDetail() {
        return outbox.pendingBytes() + " bytes are waiting for the " + this + " (max-pending-bytes-per-peer "
                + outbox.boundBytes() + ")";
    }

    /** Forgets a request that has its outcome. */
    void forget(PendingRequest request) {
        inFlight.remove(request.id(), request);
    }

    /** Closes the connection; {@code reason} is what its failed requests and the log say. Idempotent. */
    void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        } else {
            markClosed(reason);
        }
    }

    /** The connect attempt of a dialed connection failed. */
    void connectFailed(Throwable cause) {
        String reason = "cannot connect: " + messageOf(cause);
        closeReason = reason;
        markClosed(reason);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        throttle.attach(ctx.channel());
        if (!dialed) {
            remote = ctx.channel().remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                    ? new Address(inet.getAddress().getHostAddress(), inet.getPort()).toString()
                    : String.valueOf(ctx.channel().remoteAddress());
        }
        if (closed.get()) {
            ctx.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        wasActive = true;
        int timeout = node.options().connectTimeoutMillis();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (!established && closeReason == null) {
                refuse(Refusals.Kind.CONNECTION, "no handshake within " + timeout + " ms");
            }
        }, timeout, TimeUnit.MILLISECONDS);
        if (dialed) { // with TLS, the hello waits in the TLS handler until the TLS handshake is done
            ctx.writeAndFlush(Wire.encode(ctx.alloc(), Envelopes.hello(node.hellos().ownClaim(), peer)),
                    ctx.voidPromise());
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closeReason != null) {
            return; // closing: nothing more from this peer is handled
        }
        Envelope envelope = (Envelope) msg;
        if (checking) {
            held.add(envelope); // handled once the hello is admitted, dropped if it is refused
            return;
        }
        switch (envelope.getBodyCase()) {
            case HELLO -> onHello(ctx, envelope.getHello());
            case REQUEST -> onRequest(requireEstablished(envelope).getRequest());
            case RESPONSE -> onResponse(requireEstablished(envelope).getResponse());
            case REFUSAL -> onRefusal(envelope.getRefusal().getReason());
            default -> throw new ProtocolViolation("the frame carries no hello, request, response or refusal");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        throttle.update();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof FrameSplitter.EndedInsideFrame ended && closeReason == null) {
            refuse(Refusals.Kind.CONNECTION, ended.reason());
        }
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess() && closeReason == null) {
            refuse(Refusals.Kind.CONNECTION, done.cause() instanceof NotSslRecordException
                    ? reasonOf(done.cause())
                    : "TLS handshake failed: " + messageOf(done.cause()));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable error = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        String reason = reasonOf(error);
        if (closed.get() || closeReason != null) {
            LOG.debug("the {} failed while closing: {}", this, reason);
        } else if (error instanceof IOException && !(error instanceof SSLException)) {
            LOG.debug("closing the {}: {}", this, reason); // the other side went away: nothing to refuse
        } else {
            refuse(Refusals.Kind.CONNECTION, reason);
            return;
        }
        if (closeReason == null) {
            closeReason = reason;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        markClosed(closeReason != null ? closeReason : "closed by the other side");
        super.channelInactive(ctx);
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) throws Exception {
        if (dialed && !wasActive && closeReason == null) {
            // A connect that failed: netty may unregister the channel before the connect's listener runs, and that
            // listener (connectFailed) says why, "cannot connect: ...", to the requests waiting on it.
            super.channelUnregistered(ctx);
            return;
        }
        markClosed(closeReason != null ? closeReason : "closed");
        super.channelUnregistered(ctx);
    }

    @Override
    public String toString() {
        NodeId p = peer;
        if (dialed) {
            return "connection to node " + p + " at " + remote;
        }
        return p == null ? "connection from " + remote + " (before its hello)"
                : "connection from node " + p + " (" + role + ") at " + remote;
    }

    private void onHello(ChannelHandlerContext ctx, Hello hello) {
        if (helloSeen) {
            throw new ProtocolViolation("a second hello");
        }
        helloSeen = true;
        Claim claim = claimOf(hello);
        if (dialed) {
            onAnswer(ctx, claim);
            return;
        }
        if (claim.node().equals(node.self())) {
            throw new ProtocolViolation("the other side says it is this node (" + claim.node() + ")");
        }
        if (!hello.getTargetNodeId().equals(node.self().value())) {
            refuseMisdirected(ctx, claim.node(), hello.getTargetNodeId());
            return;
        }
        var verdict = node.hellos().check(claim, ctx.channel());
        if (verdict.isDone()) {
            decide(ctx, claim, verdict.join());
            return;
        }
        checking = true; // an address lookup: hold what follows the hello until it is done
        ctx.channel().config().setAutoRead(false);
        verdict.whenComplete((v, error) -> {
            try {
                ctx.executor().execute(() -> {
                    checking = false;
                    decide(ctx, claim, error == null ? v : new Verdict(null, "cannot check the hello: " + error));
                });
            } catch (RejectedExecutionException e) {
                LOG.trace("{}: the transport is stopping", this);
            }
        });
    }

    /** The acceptor's verdict on the dialer's hello. Event loop only. */
    private void decide(ChannelHandlerContext ctx, Claim claim, Verdict verdict) {
        if (closeReason != null) {
            held.clear();
            return;
        }
        if (!verdict.isAdmitted()) {
            held.clear();
            String reason = verdict.refusal();
            node.refusals().refuse(Refusals.Kind.HELLO, "the hello of " + claim.describe() + " from " + remote,
                    reason);
            closeReason = "refused the hello of " + claim.describe() + ": " + reason;
            denied = true;
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Wire.encode(ctx.alloc(), Envelopes.refusal(reason)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        peer = claim.node();
        role = verdict.role();
        traffic = role == Access.PEER ? node.counters().peer(peer) : node.counters().client();
        ctx.writeAndFlush(Wire.encode(ctx.alloc(), Envelopes.hello(node.hellos().ownClaim())), ctx.voidPromise());
        outbox.open(ctx.channel()); // for the answers to the dialer's requests
        established();
        ctx.channel().config().setAutoRead(true);
        Envelope next;
        while (closeReason == null && (next = held.poll()) != null) {
            try {
                channelRead(ctx, next);
            } catch (RuntimeException e) { // as the pipeline would pass it on, had the frame just arrived
                exceptionCaught(ctx, e);
            }
        }
        held.clear();
    }

    /** The acceptor's answer to this node's hello. */
    private void onAnswer(ChannelHandlerContext ctx, Claim acceptor) {
        if (!acceptor.node().equals(peer)) {
            throw new ProtocolViolation("expected node " + peer + " at " + remote + " but node " + acceptor.node()
                    + " answered");
        }
        String refusal = node.hellos().refusalOfAcceptor(acceptor, peer, ctx.channel());
        if (refusal != null) {
            node.refusals().refuse(Refusals.Kind.HELLO, "the answering hello of " + acceptor.describe() + " at "
                    + remote, refusal);
            denied = true;
            closeReason = "this node refused the answer of node " + peer + ": " + refusal;
            ctx.close();
            return;
        }
        outbox.open(ctx.channel()); // the requests that waited for the handshake go out now
        established();
    }

    /** The acceptor refused this node's hello. */
    private void onRefusal(String reason) {
        if (!dialed || helloSeen) {
            throw new ProtocolViolation("a refusal " + (dialed ? "after the hello" : "from the dialing side"));
        }
        String why = printable(reason, MAX_REMOTE_REASON_CHARS);
        node.refusals().refusedBy("node " + peer + " at " + remote, why);
        denied = true;
        closeReason = "node " + peer + " at " + remote + " refused this node's hello: " + why;
        channel.close();
    }

    private void established() {
        established = true;
        if (isPeerConnection()) {
            traffic.connected();
            countedConnected = true;
        }
        ScheduledFuture<?> timer = handshakeTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        LOG.debug("{} established", this);
        node.listener().established(this);
    }

    private Claim claimOf(Hello hello) {
        if (hello.getVersion() != Wire.VERSION) {
            throw new ProtocolViolation("hello with protocol version " + hello.getVersion()
                    + " (this node speaks version " + Wire.VERSION + ")");
        }
        NodeId claimed;
        try {
            claimed = NodeId.of(hello.getNodeId());
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation("hello with a bad node id '" + printable(hello.getNodeId(), 64)
                    + "' (" + e.getMessage() + ")", e);
        }
        Access claimedRole = Envelopes.role(hello.getRole());
        if (claimedRole == null) {
            throw new ProtocolViolation("hello of node " + claimed + " with no role this node knows ("
                    + hello.getRoleValue() + ")");
        }
        return new Claim(claimed, new ClusterId(hello.getClusterId()), claimedRole);
    }

    /**
     * Answers a dialer that meant another node with this node's hello (so that it learns who is here) and closes,
     * without handling any of its requests.
     */
    private void refuseMisdirected(ChannelHandlerContext ctx, NodeId dialer, String target) {
        String reason = target.isEmpty()
                ? "node " + dialer + " did not say which node it dialed"
                : "node " + dialer + " dialed node " + printable(target, 64) + ", but this is node " + node.self();
        node.refusals().refuse(Refusals.Kind.HELLO, "the " + this, reason);
        closeReason = reason;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Wire.encode(ctx.alloc(), Envelopes.hello(node.hellos().ownClaim())))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Logs the refusal of this connection (rate-limited) and closes it. */
    private void refuse(Refusals.Kind kind, String reason) {
        node.refusals().refuse(kind, "the " + this, reason);
        close(reason);
    }

    private Envelope requireEstablished(Envelope envelope) {
        if (!established) {
            throw new ProtocolViolation("a " + envelope.getBodyCase().name().toLowerCase(Locale.ROOT)
                    + " before the hello");
        }
        return envelope;
    }

    private void onRequest(Request request) {
        if (dialed) {
            throw new ProtocolViolation("a request on a connection this node opened (node " + peer
                    + " may only answer on it)");
        }
        int size = request.getPayload().size();
        PeerTraffic from = traffic;
        from.received(size);
        throttle.arrived(size);
        NetworkReply reply = new NetworkReply(node, outbox, from, request.getId(), request.getChannel(),
                () -> throttle.answered(size));
        node.dispatcher().dispatch(new Sender(peer, role, remote), request.getChannel(),
                request.getPayload().toByteArray(), reply);
    }

    private void onResponse(Response response) {
        if (!dialed) {
            throw new ProtocolViolation("a response on a connection this node accepted (it sends no requests on it)");
        }
        if (response.getOutcomeCase() == Response.OutcomeCase.OUTCOME_NOT_SET) {
            throw new ProtocolViolation("a response with neither payload nor error");
        }
        PeerTraffic from = traffic;
        from.received(response.hasPayload() ? response.getPayload().size() : 0);
        PendingRequest request = inFlight.get(response.getId());
        if (request == null) {
            LOG.trace("{}: reply to request {} came after it ended (timed out?)", this, response.getId());
            return;
        }
        from.answered(request.sentNanos()); // before completing, so the caller sees it
        if (response.hasPayload()) {
            byte[] payload = response.getPayload().toByteArray();
            node.counters().replyReceived(payload.length); // before completing, so the caller sees the count
            request.complete(payload);
        } else {
            request.fail(Dispatcher.toException(response.getError().getKind(), response.getError().getMessage()));
        }
    }

    private void markClosed(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timer = handshakeTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        if (countedConnected) {
            traffic.disconnected();
        }
        // The peer learns of the close (and starts its backoff) before any caller sees a failed request, so a
        // caller that retries at once is refused by the backoff instead of dialing again.
        node.listener().closed(this, reason);
        outbox.close();
        for (PendingRequest request : inFlight.values()) {
            request.fail(lost(request, reason));
        }
    }

    private TransportException lost(PendingRequest request, String reason) {
        String why = reason != null ? reason : "closed";
        if (denied) {
            return new AccessDeniedException("the " + request.describe() + " was refused: " + why);
        }
        return new PeerUnreachableException("the " + request.describe() + " failed: the " + this + " closed ("
                + why + ")");
    }

    private static String reasonOf(Throwable error) {
        if (error instanceof ProtocolViolation) {
            return error.getMessage();
        }
        if (error instanceof NotSslRecordException) {
            return "not a TLS connection, and this node requires TLS";
        }
        if (error instanceof SSLException) {
            return "TLS failed: " + messageOf(error);
        }
        return messageOf(error);
    }

    /** {@code text} cut to {@code max} characters, with anything but printable ASCII as '?', safe to log. */
    private static String printable(String text, int max) {
        String cut = text.length() > max ? text.substring(0, max) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static String messageOf(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
    }
}

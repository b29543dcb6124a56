package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
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
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TCP connection between this node and a peer or client, in either direction, and the last handler of its
 * pipeline. It carries requests both ways: this node's requests (answered on the same connection) and the peer's
 * requests for this node's handlers.
 *
 * <p>The dialer sends its hello (who it is, whom it dialed) first and may send requests right after it; the acceptor
 * answers with its own hello before anything else. A frame that breaks the protocol closes the connection with a
 * logged reason; requests this node sent on it then fail with {@link PeerUnreachableException}. Outgoing frames go
 * through a bounded {@link Outbox}; reading stops while the peer holds this node too long ({@link ReadThrottle}).
 */
final class Connection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /** How long a replaced connection stays open at least, for requests already on their way over it. */
    static final long RETIRE_GRACE_MILLIS = 1_000;

    private final ConnectionContext node;
    private final boolean dialed;
    private final Outbox outbox;
    private final ConcurrentMap<Long, PendingRequest> inFlight = new ConcurrentHashMap<>();
    private final ReadThrottle throttle;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile NodeId peer;
    private volatile String remote;
    private volatile boolean established;
    private volatile String retiredBecause;
    private volatile boolean graceOver;
    private volatile String closeReason;
    private volatile Channel channel;
    private volatile ScheduledFuture<?> handshakeTimer;

    private Connection(ConnectionContext node, boolean dialed, NodeId peer, String remote) {
        this.node = node;
        this.dialed = dialed;
        this.peer = peer;
        this.remote = remote;
        this.outbox = new Outbox(node.options().maxPendingBytesPerPeer());
        this.throttle = new ReadThrottle(node.options().maxPendingBytesPerPeer(), this);
    }

    /** A connection this node is opening to {@code target} at {@code address}. */
    static Connection dialing(ConnectionContext node, NodeId target, Address address) {
        return new Connection(node, true, target, address.toString());
    }

    /** A connection a peer or client opened to this node; its peer is known after its hello. */
    static Connection accepted(ConnectionContext node) {
        return new Connection(node, false, null, "an unknown address");
    }

    /** The node at the other end: the dialed target, or who an accepted connection said it is (null before). */
    NodeId peer() {
        return peer;
    }

    boolean dialed() {
        return dialed;
    }

    boolean isEstablished() {
        return established;
    }

    boolean isClosed() {
        return closed.get();
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
            return false;
        }
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
        closeIfRetiredAndIdle();
    }

    /**
     * Takes no more requests of this node (another connection to the same peer replaced this one) and closes once
     * the grace period is over, this node's requests on it are answered and its handlers have answered the peer's.
     * The grace period lets requests the peer sent before it too switched connections arrive and be answered.
     */
    void retire(String why) {
        retiredBecause = why;
        Channel ch = channel;
        if (ch == null) {
            close(why);
            return;
        }
        try {
            ch.eventLoop().schedule(() -> {
                graceOver = true;
                closeIfRetiredAndIdle();
            }, RETIRE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            close(why); // the transport is stopping
        }
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
            remote = String.valueOf(ctx.channel().remoteAddress());
        }
        if (closed.get()) {
            ctx.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        int timeout = node.options().connectTimeoutMillis();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (!established) {
                LOG.warn("closing the {}: no handshake within {} ms", this, timeout);
                close("no handshake within " + timeout + " ms");
            }
        }, timeout, TimeUnit.MILLISECONDS);
        if (dialed) {
            ctx.writeAndFlush(Wire.encode(ctx.alloc(), Envelopes.hello(node.self(), peer)), ctx.voidPromise());
            if (ctx.pipeline().get(SslHandler.class) == null) {
                outbox.open(ctx.channel()); // requests may follow the hello at once
            } // with TLS, once the TLS handshake is done: until then TLS would hold them, outside the bound
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closeReason != null) {
            return; // closing: nothing more from this peer is handled
        }
        Envelope envelope = (Envelope) msg;
        switch (envelope.getBodyCase()) {
            case HELLO -> onHello(ctx, envelope.getHello());
            case REQUEST -> onRequest(requireEstablished(envelope).getRequest());
            case RESPONSE -> onResponse(requireEstablished(envelope).getResponse());
            default -> throw new ProtocolViolation("the frame carries no hello, request or response");
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
            LOG.warn("closing the {}: {}", this, ended.reason());
            closeReason = ended.reason();
            ctx.close();
        }
        if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess() && dialed) {
            outbox.open(ctx.channel());
        }
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess() && closeReason == null) {
            String reason = done.cause() instanceof NotSslRecordException
                    ? reasonOf(done.cause())
                    : "TLS handshake failed: " + messageOf(done.cause());
            LOG.warn("closing the {}: {}", this, reason);
            closeReason = reason;
            ctx.close();
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
            LOG.debug("closing the {}: {}", this, reason);
        } else {
            LOG.warn("closing the {}: {}", this, reason);
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
                : "connection from node " + p + " at " + remote;
    }

    private void onHello(ChannelHandlerContext ctx, Hello hello) {
        if (established) {
            throw new ProtocolViolation("a second hello");
        }
        if (hello.getVersion() != Wire.VERSION) {
            throw new ProtocolViolation("hello with protocol version " + hello.getVersion()
                    + " (this node speaks version " + Wire.VERSION + ")");
        }
        NodeId claimed;
        try {
            claimed = NodeId.of(hello.getNodeId());
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation("hello with a bad node id '" + printable(hello.getNodeId())
                    + "' (" + e.getMessage() + ")", e);
        }
        if (dialed && !claimed.equals(peer)) {
            throw new ProtocolViolation("expected node " + peer + " at " + remote + " but node " + claimed
                    + " answered");
        }
        if (!dialed) {
            if (claimed.equals(node.self())) {
                throw new ProtocolViolation("the other side says it is this node (" + claimed + ")");
            }
            if (!hello.getTargetNodeId().equals(node.self().value())) {
                refuseMisdirected(ctx, claimed, hello.getTargetNodeId());
                return;
            }
            peer = claimed;
            ctx.writeAndFlush(Wire.encode(ctx.alloc(), Envelopes.hello(node.self())), ctx.voidPromise());
            outbox.open(ctx.channel());
        }
        established = true;
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        LOG.debug("{} established", this);
        node.listener().established(this);
    }

    /**
     * Answers a dialer that meant another node with this node's hello (so that it learns who is here) and closes,
     * without handling any of its requests.
     */
    private void refuseMisdirected(ChannelHandlerContext ctx, NodeId dialer, String target) {
        String reason = target.isEmpty()
                ? "node " + dialer + " did not say which node it dialed"
                : "node " + dialer + " dialed node " + printable(target) + ", but this is node " + node.self();
        LOG.warn("closing the {}: {}", this, reason);
        closeReason = reason;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Wire.encode(ctx.alloc(), Envelopes.hello(node.self())))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private Envelope requireEstablished(Envelope envelope) {
        if (!established) {
            throw new ProtocolViolation("a " + envelope.getBodyCase().name().toLowerCase(Locale.ROOT) + " before the hello");
        }
        return envelope;
    }

    private void onRequest(Request request) {
        int size = request.getPayload().size();
        throttle.arrived(size);
        NetworkReply reply = new NetworkReply(node, outbox, request.getId(), request.getChannel(), () -> {
            throttle.answered(size);
            closeIfRetiredAndIdle();
        });
        node.dispatcher().dispatch(peer, request.getChannel(), request.getPayload().toByteArray(), reply);
    }

    private void onResponse(Response response) {
        if (response.getOutcomeCase() == Response.OutcomeCase.OUTCOME_NOT_SET) {
            throw new ProtocolViolation("a response with neither payload nor error");
        }
        PendingRequest request = inFlight.get(response.getId());
        if (request == null) {
            LOG.trace("{}: reply to request {} came after it ended (timed out?)", this, response.getId());
            return;
        }
        if (response.hasPayload()) {
            byte[] payload = response.getPayload().toByteArray();
            node.counters().replyReceived(payload.length); // before completing, so the caller sees the count
            request.complete(payload);
        } else {
            request.fail(Dispatcher.toException(response.getError().getKind(), response.getError().getMessage()));
        }
    }

    private void closeIfRetiredAndIdle() {
        String why = retiredBecause;
        if (why != null && graceOver && inFlight.isEmpty() && throttle.isIdle() && !closed.get()) {
            LOG.debug("closing the {}: {}", this, why);
            close(why);
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
        // The peer learns of the close (and starts its backoff) before any caller sees a failed request, so a
        // caller that retries at once is refused by the backoff instead of dialing again.
        node.listener().closed(this, reason);
        outbox.close();
        for (PendingRequest request : inFlight.values()) {
            request.fail(lost(request, reason));
        }
    }

    private PeerUnreachableException lost(PendingRequest request, String reason) {
        return new PeerUnreachableException("the " + request.describe() + " failed: the " + this + " closed ("
                + (reason != null ? reason : "closed") + ")");
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

    /** {@code text} cut to 64 characters, with anything but printable ASCII as '?', safe to log. */
    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static String messageOf(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
    }
}

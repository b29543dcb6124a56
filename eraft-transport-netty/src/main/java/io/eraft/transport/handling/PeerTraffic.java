package io.eraft.transport.handling;

import io.eraft.api.metrics.Counter;
import io.eraft.api.metrics.Histogram;
import io.eraft.api.metrics.Metrics;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The metric instruments of one peer label: a node this node talks to, or {@value #CLIENT} for every client (so the
 * number of series stays bounded by the cluster's size). Made once per label by {@link TrafficMetrics} and kept by
 * whatever records that peer's traffic (a netty connection), which then records without any lookup. Its instruments
 * are swapped when the transport starts recording ({@link #bind}), so one taken before still records. Thread-safe.
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 */
public final class PeerTraffic {
    /** The label of every connection whose hello was not admitted as a peer (clients, operators). */
    public static final String CLIENT = "client";
    /** Records nothing: a connection before its peer is known. */
    public static final PeerTraffic NONE = new PeerTraffic(CLIENT);

    private final String label;
    /** Established peer connections with this node, both directions. */
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Counter messagesSent = Counter.NOOP;
    private volatile Counter messagesReceived = Counter.NOOP;
    private volatile Counter bytesSent = Counter.NOOP;
    private volatile Counter bytesReceived = Counter.NOOP;
    private volatile Counter backpressure = Counter.NOOP;
    private volatile Histogram rtt = Histogram.NOOP;

    PeerTraffic(String label) {
        this.label = label;
    }

    /** Records into {@code metrics} from now on; for a node (not {@value #CLIENT}) also registers its gauge. */
    void bind(Metrics metrics) {
        String[] peer = {"peer", label};
        messagesSent = metrics.counter("eraft_transport_messages_sent_total",
                "requests and responses sent to the peer", peer);
        messagesReceived = metrics.counter("eraft_transport_messages_received_total",
                "requests and responses received from the peer", peer);
        bytesSent = metrics.counter("eraft_transport_sent_bytes_total",
                "payload bytes of the requests and replies sent to the peer", peer);
        bytesReceived = metrics.counter("eraft_transport_received_bytes_total",
                "payload bytes of the requests and replies received from the peer", peer);
        backpressure = metrics.counter("eraft_transport_backpressure_total",
                "requests to the peer refused because too many bytes wait for it, and pauses in reading from the "
                        + "peer while it does not read its replies or holds too much of this node", peer);
        rtt = metrics.histogram("eraft_transport_rtt_seconds",
                "time from sending a request to the peer to receiving its response", peer);
        if (!CLIENT.equals(label)) {
            metrics.gauge("eraft_transport_peer_connected",
                    "1 while a connection with the peer (either direction) is established, else 0",
                    () -> connections.get() > 0 ? 1 : 0, peer);
        }
    }

    /** A request or response with {@code payloadBytes} of payload (0 for an error) went to the peer. */
    public void sent(int payloadBytes) {
        messagesSent.inc();
        bytesSent.add(payloadBytes);
    }

    /** A request or response with {@code payloadBytes} of payload (0 for an error) came from the peer. */
    public void received(int payloadBytes) {
        messagesReceived.inc();
        bytesReceived.add(payloadBytes);
    }

    /** The response to a request sent at {@code sentNanos} ({@link System#nanoTime()}) arrived. */
    public void answered(long sentNanos) {
        rtt.observeNanos(System.nanoTime() - sentNanos);
    }

    /** A request was refused, or reading paused, to bound what waits (see {@link #bind}). */
    public void backpressure() {
        backpressure.inc();
    }

    /** A peer connection with this node completed its handshake. */
    public void connected() {
        connections.incrementAndGet();
    }

    /** A peer connection {@link #connected} before closed. */
    public void disconnected() {
        connections.decrementAndGet();
    }

    @Override
    public String toString() {
        return "traffic with " + label;
    }
}

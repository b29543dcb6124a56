package io.eraft.transport.netty;

import io.eraft.api.metrics.Metrics;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.TransportStats;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link io.eraft.api.transport.Transport#stats()} (requests and payload bytes, both ways), and
 * the per-peer metric instruments ({@link PeerTraffic}), one per peer label, made on first use and kept.
 */
final class TrafficCounters {
    private final ConcurrentMap<String, PeerTraffic> peers = new ConcurrentHashMap<>();
    private Metrics metrics = Metrics.NOOP; // guarded by this
    private final LongAdder requestsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder requestsReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();

    void requestSent(int payloadBytes) {
        requestsSent.increment();
        bytesSent.add(payloadBytes);
    }

    void replySent(int payloadBytes) {
        bytesSent.add(payloadBytes);
    }

    void requestReceived(int payloadBytes) {
        requestsReceived.increment();
        bytesReceived.add(payloadBytes);
    }

    void replyReceived(int payloadBytes) {
        bytesReceived.add(payloadBytes);
    }

    /** The instruments of {@code node}'s traffic. */
    PeerTraffic peer(NodeId node) {
        return traffic(node.value());
    }

    /** The instruments shared by every client's traffic. */
    PeerTraffic client() {
        return traffic(PeerTraffic.CLIENT);
    }

    /**
     * Records every peer's traffic to {@code metrics} from now on, and registers the gauges of the {@code known}
     * nodes at once (so a configured peer that never connects shows as disconnected).
     */
    synchronized void recordTo(Metrics to, Collection<NodeId> known) {
        metrics = to;
        peers.values().forEach(p -> p.bind(to));
        known.forEach(this::peer);
    }

    private PeerTraffic traffic(String label) {
        PeerTraffic p = peers.get(label);
        return p != null ? p : create(label);
    }

    /** Under the lock that {@link #recordTo} takes, so that no new label misses its binding. */
    private synchronized PeerTraffic create(String label) {
        return peers.computeIfAbsent(label, l -> {
            PeerTraffic p = new PeerTraffic(l);
            p.bind(metrics);
            return p;
        });
    }

    TransportStats snapshot() {
        return new TransportStats(requestsSent.sum(), bytesSent.sum(), requestsReceived.sum(), bytesReceived.sum());
    }
}

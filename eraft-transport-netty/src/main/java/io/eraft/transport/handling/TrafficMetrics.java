package io.eraft.transport.handling;

import io.eraft.api.metrics.Metrics;
import io.eraft.api.transport.NodeId;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A transport's per-peer metric instruments ({@link PeerTraffic}): one per peer label, made on first use and kept, so
 * the number of series is bounded by the nodes this node talks to (every client shares one label). Thread-safe.
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 */
public final class TrafficMetrics {
    private final ConcurrentMap<String, PeerTraffic> peers = new ConcurrentHashMap<>();
    private Metrics metrics = Metrics.NOOP; // guarded by this

    /** The instruments of {@code node}'s traffic. */
    public PeerTraffic peer(NodeId node) {
        return traffic(node.value());
    }

    /** The instruments shared by every client's traffic. */
    public PeerTraffic client() {
        return traffic(PeerTraffic.CLIENT);
    }

    /**
     * Records every peer's traffic to {@code to} from now on, and registers the gauges of the {@code known} nodes at
     * once (so a configured peer that never connects shows as disconnected).
     */
    public synchronized void recordTo(Metrics to, Collection<NodeId> known) {
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
}

package io.eraft.transport.netty;

import io.eraft.api.metrics.Metrics;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.TransportStats;
import io.eraft.transport.handling.PeerTraffic;
import io.eraft.transport.handling.TrafficMetrics;

import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link io.eraft.api.transport.Transport#stats()} (requests and payload bytes, both ways), and
 * the per-peer metric instruments ({@link TrafficMetrics}).
 */
final class TrafficCounters {
    private final TrafficMetrics metrics = new TrafficMetrics();
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
        return metrics.peer(node);
    }

    /** The instruments shared by every client's traffic. */
    PeerTraffic client() {
        return metrics.client();
    }

    /** See {@link TrafficMetrics#recordTo}. */
    void recordTo(Metrics to, Collection<NodeId> known) {
        metrics.recordTo(to, known);
    }

    TransportStats snapshot() {
        return new TransportStats(requestsSent.sum(), bytesSent.sum(), requestsReceived.sum(), bytesReceived.sum());
    }
}

package io.eraft.transport.inprocess;

import io.eraft.api.transport.TransportStats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Traffic counters of one node. A transport's counters pass every count on to the node's network-wide counters
 * (their parent), which outlive the transport across crash and restart.
 */
final class NodeCounters {
    private final NodeCounters parent;
    private final LongAdder requestsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder requestsReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();

    /** Counters with no parent (the network keeps one per node). */
    NodeCounters() {
        this(null);
    }

    /** Counters that also add every count to {@code parent}. */
    NodeCounters(NodeCounters parent) {
        this.parent = parent;
    }

    void requestSent(int bytes) {
        requestsSent.increment();
        bytesSent.add(bytes);
        if (parent != null) {
            parent.requestSent(bytes);
        }
    }

    void replySent(int bytes) {
        bytesSent.add(bytes);
        if (parent != null) {
            parent.replySent(bytes);
        }
    }

    void requestReceived(int bytes) {
        requestsReceived.increment();
        bytesReceived.add(bytes);
        if (parent != null) {
            parent.requestReceived(bytes);
        }
    }

    void replyReceived(int bytes) {
        bytesReceived.add(bytes);
        if (parent != null) {
            parent.replyReceived(bytes);
        }
    }

    long requestsSent() {
        return requestsSent.sum();
    }

    long bytesSent() {
        return bytesSent.sum();
    }

    TransportStats snapshot() {
        return new TransportStats(requestsSent.sum(), bytesSent.sum(), requestsReceived.sum(), bytesReceived.sum());
    }

    /** Zeroes these counters (not the parent's). Counts made while this runs may be kept or lost. */
    void reset() {
        requestsSent.reset();
        bytesSent.reset();
        requestsReceived.reset();
        bytesReceived.reset();
    }
}

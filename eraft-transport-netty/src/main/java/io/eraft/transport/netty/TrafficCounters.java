package io.eraft.transport.netty;

import io.eraft.api.transport.TransportStats;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link io.eraft.api.transport.Transport#stats()}: requests and payload bytes, both ways. */
final class TrafficCounters {
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

    TransportStats snapshot() {
        return new TransportStats(requestsSent.sum(), bytesSent.sum(), requestsReceived.sum(), bytesReceived.sum());
    }
}

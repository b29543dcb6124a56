package io.eraft.api.transport;

/**
 * A snapshot of one node's transport counters since the transport started.
 *
 * @param requestsSent  requests this node sent (including those later lost)
 * @param bytesSent     payload bytes of requests and replies this node sent
 * @param requestsReceived requests delivered to this node's handlers
 * @param bytesReceived payload bytes of requests and replies delivered to this node
 */
public record TransportStats(long requestsSent, long bytesSent, long requestsReceived, long bytesReceived) {
    public static final TransportStats ZERO = new TransportStats(0, 0, 0, 0);
}

package io.eraft.transport.handling;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.TransportException;

import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks of {@code Transport.request} and the failures of a request on a closed transport.
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 */
public final class RequestChecks {
    private static final Duration LONGEST_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE);

    private RequestChecks() {
    }

    /**
     * Checks the arguments of a request.
     *
     * @return the timeout in nanoseconds, capped at {@link Long#MAX_VALUE}
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public static long timeoutNanos(NodeId target, String channel, byte[] payload, Duration timeout) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return timeout.compareTo(LONGEST_TIMEOUT) >= 0 ? Long.MAX_VALUE : timeout.toNanos();
    }

    /** The failure of a request made after {@code self}'s transport closed. */
    public static TransportException sentWhileClosed(NodeId self, String channel, NodeId target) {
        return new TransportException("the transport of node " + self + " is closed; cannot send on channel '"
                + channel + "' to " + target);
    }

    /** The failure of a pending request, described by {@code request}, when {@code self}'s transport closes. */
    public static TransportException closedBefore(NodeId self, String request) {
        return new TransportException("the transport of node " + self + " closed before the " + request
                + " was answered");
    }
}

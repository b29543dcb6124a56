package io.eraft.transport.netty;

import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.TransportException;

import java.util.concurrent.TimeUnit;

/**
 * This node's view of a node it sends to: the one connection this node dialed to it (connecting or established),
 * which carries all its requests to that node, and the backoff after failed attempts. Connections the other node
 * opens to this one are not here: they carry only that node's requests, and nothing they claim changes this one.
 */
final class Peer {
    private final NodeId self;
    private final NodeId id;
    private final Address address;
    private final Backoff backoff = new Backoff();
    private Connection connection;
    private String lastFailure = "no attempt yet";
    private boolean lastDenied;

    /** @param address where to dial the node */
    Peer(NodeId self, NodeId id, Address address) {
        this.self = self;
        this.id = id;
        this.address = address;
    }

    Address address() {
        return address;
    }

    /**
     * The connection to send on: the one established or being opened, or a new one that the caller must then start
     * with {@link Dialer#connect}.
     *
     * @throws TransportException while the backoff after a failed attempt lasts: an {@link AccessDeniedException} if
     *                            the node refused this node's hello (or this node refused its answer), else a
     *                            {@link PeerUnreachableException}
     */
    synchronized Choice connectionForSend(Dialer dialer) {
        if (connection != null && !connection.isClosed()) {
            return new Choice(connection, false);
        }
        long waitNanos = backoff.remainingNanos(System.nanoTime());
        if (waitNanos > 0) {
            String message = "node " + id + " at " + address + (lastDenied ? " refused the connection (" : " is"
                    + " unreachable (") + lastFailure + "); next connection attempt in "
                    + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms";
            throw lastDenied ? new AccessDeniedException(message) : new PeerUnreachableException(message);
        }
        connection = dialer.newConnection(id, address);
        return new Choice(connection, true);
    }

    /** The connection completed its handshake: attempts start at once again. */
    synchronized void established() {
        backoff.reset();
    }

    /**
     * Forgets a closed connection; one that never completed its handshake counts as a failed attempt. A connection
     * that is not this peer's (one of a peer this node forgot when its address changed) changes nothing.
     */
    synchronized void closed(Connection closed, String reason) {
        if (connection != closed) {
            return;
        }
        connection = null;
        if (!closed.isEstablished()) {
            lastFailure = reason;
            lastDenied = closed.wasDenied();
            backoff.failed(System.nanoTime());
        }
    }

    /** Closes the connection to this node, if any (its requests fail with {@code reason}). */
    void close(String reason) {
        Connection c;
        synchronized (this) {
            c = connection;
        }
        if (c != null) {
            c.close(reason);
        }
    }

    /** Bytes waiting to be written to this node's connection. */
    synchronized long pendingBytes() {
        return connection != null ? connection.pendingBytes() : 0;
    }

    @Override
    public String toString() {
        return "node " + id + " at " + address + " (as seen by node " + self + ")";
    }

    /**
     * @param connection the connection to send on
     * @param mustDial   whether it is new and must be started
     */
    record Choice(Connection connection, boolean mustDial) {
    }
}

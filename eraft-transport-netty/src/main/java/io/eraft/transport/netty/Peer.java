package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;

import java.util.concurrent.TimeUnit;

/**
 * This node's view of one other node: the connection that carries requests to it (whichever side opened it), a
 * connection being opened, and the backoff after failed attempts. Clients (nodes without an address) are reached
 * only over the connections they open.
 *
 * <p>If both nodes open a connection at the same time, both keep the one opened by the node with the smaller id
 * and retire the other, so that one connection per pair remains.
 */
final class Peer {
    private final NodeId self;
    private final NodeId id;
    private final Address address;
    private final Backoff backoff = new Backoff();
    private Connection active;
    private Connection dialing;
    private String lastFailure = "no attempt yet";

    /** @param address where to dial the node, or null for a client */
    Peer(NodeId self, NodeId id, Address address) {
        this.self = self;
        this.id = id;
        this.address = address;
    }

    Address address() {
        return address;
    }

    /**
     * The connection to send on: the established one, the one being opened, or a new one that the caller must then
     * start with {@link Dialer#connect}.
     *
     * @throws PeerUnreachableException when the node is a client without a connection, or while the backoff after
     *                                  a failed attempt lasts
     */
    synchronized Choice connectionForSend(Dialer dialer) {
        if (active != null && !active.isClosed()) {
            return new Choice(active, false);
        }
        if (dialing != null && !dialing.isClosed()) {
            return new Choice(dialing, false);
        }
        if (address == null) {
            throw new PeerUnreachableException("node " + id + " has no address in the config of node " + self
                    + " and no open connection");
        }
        long waitNanos = backoff.remainingNanos(System.nanoTime());
        if (waitNanos > 0) {
            throw new PeerUnreachableException("node " + id + " at " + address + " is unreachable (" + lastFailure
                    + "); next connection attempt in " + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms");
        }
        dialing = dialer.newConnection(id, address);
        return new Choice(dialing, true);
    }

    /**
     * Takes an established connection into use.
     *
     * @return a connection the caller must retire (outside any lock), or null
     */
    synchronized Connection established(Connection connection) {
        if (connection.dialed()) {
            backoff.reset();
        }
        if (dialing == connection) {
            dialing = null;
        }
        if (active == null || active.isClosed() || active == connection) {
            active = connection;
            return null;
        }
        Connection keep = preferred(active, connection);
        Connection drop = keep == active ? connection : active;
        active = keep;
        return drop;
    }

    /** Forgets a closed connection; a dialed one that never completed its handshake counts as a failed attempt. */
    synchronized void closed(Connection connection, String reason) {
        if (active == connection) {
            active = null;
        }
        if (dialing == connection) {
            dialing = null;
        }
        if (connection.dialed() && !connection.isEstablished()) {
            lastFailure = reason;
            backoff.failed(System.nanoTime());
        }
    }

    /** Whether no connection is open or being opened. */
    synchronized boolean isIdle() {
        return (active == null || active.isClosed()) && (dialing == null || dialing.isClosed());
    }

    /** Bytes waiting to be written to this node's connection. */
    synchronized long pendingBytes() {
        return active != null ? active.pendingBytes() : dialing != null ? dialing.pendingBytes() : 0;
    }

    /** Of two established connections, the one opened by the node with the smaller id; else the newer. */
    private Connection preferred(Connection current, Connection newer) {
        NodeId smaller = self.compareTo(id) < 0 ? self : id;
        boolean currentBySmaller = dialer(current).equals(smaller);
        boolean newerBySmaller = dialer(newer).equals(smaller);
        return currentBySmaller && !newerBySmaller ? current : newer;
    }

    private NodeId dialer(Connection connection) {
        return connection.dialed() ? self : id;
    }

    /**
     * @param connection the connection to send on
     * @param mustDial   whether it is new and must be started
     */
    record Choice(Connection connection, boolean mustDial) {
    }
}

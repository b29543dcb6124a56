package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Every node this node sends to, and every open connection. Nodes in the address map are dialed when needed, and so
 * are nodes whose id is a {@code host:port} (a shard group server named by its address, learnt from a
 * configuration). A node without either (a client) is never sent to: it sends, on connections it opens, and this
 * node only answers.
 */
final class Peers implements ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Peers.class);

    private final NodeId self;
    private final MemberAddresses addresses;
    private final ConcurrentMap<NodeId, Peer> peers = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile Dialer dialer;

    Peers(NodeId self, MemberAddresses addresses) {
        this.self = self;
        this.addresses = addresses;
    }

    /** Completes the setup: the dialer needs this object as its connections' listener. */
    void useDialer(Dialer d) {
        dialer = d;
    }

    /**
     * The connection to send to {@code target} on, dialing it if needed.
     *
     * @throws TransportException if {@code target} cannot be reached now ({@link PeerUnreachableException}), or
     *                            refused this node a moment ago ({@link io.eraft.api.transport.AccessDeniedException})
     */
    Connection connectionFor(NodeId target) {
        Peer peer = peers.get(target);
        if (peer == null) {
            Address address = addresses.addressOf(target);
            if (address == null) {
                throw new PeerUnreachableException("node " + target + " has no address in the config of node " + self
                        + " (a node sends requests only on connections it opens, never on one a client opened)");
            }
            peer = peers.computeIfAbsent(target, id -> new Peer(self, id, address));
        }
        Dialer d = dialer;
        Peer.Choice choice = peer.connectionForSend(d);
        if (choice.mustDial()) {
            LOG.debug("node {} connects to node {} at {}", self, target, peer.address());
            d.connect(choice.connection(), peer.address());
        }
        return choice.connection();
    }

    /** Tracks a connection from before it connects, so that {@link #closeAll} reaches it. */
    void opened(Connection connection) {
        connections.add(connection);
    }

    @Override
    public void established(Connection connection) {
        if (connection.dialed()) {
            Peer peer = peers.get(connection.peer());
            if (peer != null) {
                peer.established();
            }
        }
    }

    @Override
    public void closed(Connection connection, String reason) {
        connections.remove(connection);
        if (connection.dialed()) {
            Peer peer = peers.get(connection.peer());
            if (peer != null) {
                peer.closed(connection, reason);
            }
        }
    }

    /** Closes every connection. */
    void closeAll(String reason) {
        List<Connection> all = new ArrayList<>(connections);
        for (Connection connection : all) {
            connection.close(reason);
        }
    }

    /**
     * Closes every connection, both directions, of nodes that {@code stillMember} rejects (removed from the group),
     * and forgets where they are.
     */
    void closeRemoved(java.util.function.Predicate<NodeId> stillMember, String reason) {
        for (Connection connection : new ArrayList<>(connections)) {
            NodeId peer = connection.peer();
            if (peer != null && !peer.equals(self) && connection.isPeerConnection() && !stillMember.test(peer)) {
                connection.close(reason);
            }
        }
        peers.keySet().removeIf(id -> !stillMember.test(id));
    }

    /** Open connections, both directions, established or not. */
    int connectionCount() {
        return connections.size();
    }

    /** Bytes waiting to be written to {@code node}'s connection. */
    long pendingBytes(NodeId node) {
        Peer peer = peers.get(node);
        return peer == null ? 0 : peer.pendingBytes();
    }
}

package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.TransportException;
import io.eraft.transport.handling.Members;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Every node this node sends to, and every open connection. Nodes in the address map are dialed when needed, and so
 * are nodes a membership change gave an address, and nodes whose id is a {@code host:port} (a shard group server
 * named by its address, learnt from a configuration). A node without any (a client) is never sent to: it sends, on
 * connections it opens, and this node only answers.
 *
 * <p>After a membership change ({@link #membersChanged}) the peer connections, both ways, of nodes that may no longer
 * be peers are closed, and so is the connection to a node whose address changed (the next request dials the new
 * one). An accepted peer connection that completes its handshake after the change (its hello was checked against the
 * old members) is closed as it is established. Client connections are left alone.
 */
final class Peers implements ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Peers.class);

    private final NodeId self;
    private final MemberAddresses addresses;
    private final Supplier<Members> members;
    private final ConcurrentMap<NodeId, Peer> peers = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile Dialer dialer;

    /** @param members the members this node admits now (read at each check: it changes) */
    Peers(NodeId self, MemberAddresses addresses, Supplier<Members> members) {
        this.self = self;
        this.addresses = addresses;
        this.members = members;
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
        if (!connection.dialed() && connection.isPeerConnection() && !members.get().mayBePeer(connection.peer())) {
            connection.close(removedReason(connection.peer()));
            return;
        }
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

    /**
     * Applies a membership change, after the new members and addresses are in place: closes the peer connections of
     * nodes {@code now} does not admit as peers, and forgets the connection to a node whose address changed.
     *
     * @return how many connections it closed
     */
    int membersChanged(Members now) {
        int closedCount = 0;
        for (Map.Entry<NodeId, Peer> entry : peers.entrySet()) {
            Peer peer = entry.getValue();
            Address address = addresses.addressOf(entry.getKey());
            if (!peer.address().equals(address) && peers.remove(entry.getKey(), peer)) {
                LOG.info("node {} forgets its connection to {}: the node is at {} now", self, peer, address);
                peer.close("node " + entry.getKey() + " moved from " + peer.address() + " to " + address);
            }
        }
        for (Connection connection : new ArrayList<>(connections)) {
            NodeId node = connection.peer();
            if (node != null && connection.isPeerConnection() && !now.mayBePeer(node)) {
                LOG.info("node {} closes the {}: {}", self, connection, removedReason(node));
                connection.close(removedReason(node));
                closedCount++;
            }
        }
        return closedCount;
    }

    private String removedReason(NodeId node) {
        return "node " + node + " is not a member of the group of node " + self + " any more";
    }

    /** Closes every connection. */
    void closeAll(String reason) {
        List<Connection> all = new ArrayList<>(connections);
        for (Connection connection : all) {
            connection.close(reason);
        }
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

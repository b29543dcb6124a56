package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Every node this node talks to, and every open connection. Nodes in the address map are dialed when needed, and so
 * are nodes whose id is a {@code host:port} (a shard group server named by its address, learnt from a configuration);
 * a client (any other node) appears when it connects and is forgotten when its last connection closes.
 */
final class Peers implements ConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Peers.class);

    private final NodeId self;
    private final Map<NodeId, Address> addresses;
    private final ConcurrentMap<NodeId, Peer> peers = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile Dialer dialer;

    Peers(NodeId self, Map<NodeId, Address> addresses) {
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
     * @throws PeerUnreachableException if {@code target} cannot be reached now
     */
    Connection connectionFor(NodeId target) {
        Peer peer = peers.get(target);
        if (peer == null) {
            Address address = addressOf(target);
            if (address == null) {
                throw new PeerUnreachableException("node " + target + " has no address in the config of node " + self
                        + " and no open connection");
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

    /** Where to dial {@code id}: its entry in the address map, else its id if that is a host:port, else null. */
    private Address addressOf(NodeId id) {
        Address mapped = addresses.get(id);
        if (mapped != null || id.value().indexOf(':') < 0) {
            return mapped;
        }
        try {
            return Address.parse(id, id.value());
        } catch (TransportException e) {
            return null;
        }
    }

    /** Tracks a connection from before it connects, so that {@link #closeAll} reaches it. */
    void opened(Connection connection) {
        connections.add(connection);
    }

    @Override
    public void established(Connection connection) {
        Connection[] retire = new Connection[1];
        peers.compute(connection.peer(), (id, peer) -> {
            Peer p = peer != null ? peer : new Peer(self, id, addressOf(id));
            retire[0] = p.established(connection);
            return p;
        });
        if (retire[0] != null) {
            LOG.debug("node {} keeps one connection to node {}: retiring the {}", self, connection.peer(), retire[0]);
            retire[0].retire("replaced by another connection to node " + connection.peer());
        }
    }

    @Override
    public void closed(Connection connection, String reason) {
        connections.remove(connection);
        NodeId id = connection.peer();
        if (id == null) {
            return;
        }
        peers.computeIfPresent(id, (key, peer) -> {
            peer.closed(connection, reason);
            return peer.address() == null && peer.isIdle() ? null : peer;
        });
    }

    /** Closes every connection. */
    void closeAll(String reason) {
        List<Connection> all = new ArrayList<>(connections);
        for (Connection connection : all) {
            connection.close(reason);
        }
    }

    /** Open connections, established or not. */
    int connectionCount() {
        return connections.size();
    }

    /** Bytes waiting to be written to {@code node}'s connection. */
    long pendingBytes(NodeId node) {
        Peer peer = peers.get(node);
        return peer == null ? 0 : peer.pendingBytes();
    }
}

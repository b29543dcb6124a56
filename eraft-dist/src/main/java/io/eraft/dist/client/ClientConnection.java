package io.eraft.dist.client;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.RaftSettings;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvClient;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * A client's connection to a cluster: a {@code netty} transport that does not listen (its node id is in no server
 * list, so servers answer on the connections it opens) and claims the role and presents the TLS files of its
 * {@link ClientAccess}, the options of the clerks that share it, and the random ids that keep those clerks'
 * sessions apart. The cluster id is not checked ({@link ClusterId#UNKNOWN}): a tool talks to whatever cluster
 * answers at the addresses it was given. {@link ClusterClient} reaches one KV group, {@link ShardedClient} a
 * sharded cluster.
 */
public abstract class ClientConnection implements AutoCloseable {
    private static final SecureRandom IDS = new SecureRandom();

    private final Transport transport;
    private final ClerkOptions clerkOptions;

    /**
     * Opens the transport (no connection is made until the first request).
     *
     * @param peers            the servers this client addresses first
     * @param access           the role it claims and its TLS files
     * @param operationTimeout how long one operation of a clerk may take, retries included, before it fails
     * @throws io.eraft.api.transport.TransportException when the TLS files are incomplete or unreadable
     */
    ClientConnection(PeerList peers, ClientAccess access, Duration operationTimeout) {
        NodeId self = NodeId.of("client-" + Long.toHexString(IDS.nextLong()));
        this.transport = TransportProvider.byName(EraftServer.TRANSPORT).create(new TransportConfig(self,
                peers.addresses(), access.tls().transportOptions(), ClusterId.UNKNOWN, access.role()));
        this.clerkOptions = ClerkOptions.DEFAULT.withOperationTimeout(operationTimeout)
                .withLimits(RaftSettings.CLIENT_LIMITS);
    }

    /** A new clerk (one outstanding request at a time); clerks are cheap and share this client's connections. */
    public abstract KvClient newClerk();

    /** The transport, for admin requests such as status. */
    public Transport transport() {
        return transport;
    }

    /** The options every clerk of this client gets. */
    ClerkOptions clerkOptions() {
        return clerkOptions;
    }

    /** A fresh random id for a clerk (its session). */
    static long newClerkId() {
        return IDS.nextLong();
    }

    /** Closes the connections; outstanding requests fail. */
    @Override
    public void close() {
        transport.close();
    }
}

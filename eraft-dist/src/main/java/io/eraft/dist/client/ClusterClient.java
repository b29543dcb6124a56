package io.eraft.dist.client;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.PeerList;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvClerk;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A client's connection to one KV group: a {@code netty} transport that does not listen (its node id is not in the
 * server list, so servers answer on the connections it opens) and any number of clerks sharing it.
 */
public final class ClusterClient implements AutoCloseable {
    private static final SecureRandom IDS = new SecureRandom();

    private final PeerList servers;
    private final String group;
    private final ClerkOptions clerkOptions;
    private final Transport transport;

    private ClusterClient(PeerList servers, String group, ClerkOptions clerkOptions, Transport transport) {
        this.servers = servers;
        this.group = group;
        this.clerkOptions = clerkOptions;
        this.transport = transport;
    }

    /**
     * A client of group {@code group} on {@code servers}; no connection is made until the first request.
     *
     * @param operationTimeout how long one operation may take, retries included, before it fails
     */
    public static ClusterClient connect(PeerList servers, String group, Duration operationTimeout) {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(group, "group");
        NodeId self = NodeId.of("client-" + Long.toHexString(IDS.nextLong()));
        Transport transport = TransportProvider.byName(EraftServer.TRANSPORT)
                .create(new TransportConfig(self, servers.addresses(), Map.of()));
        ClerkOptions options = ClerkOptions.DEFAULT.withOperationTimeout(operationTimeout);
        return new ClusterClient(servers, group, options, transport);
    }

    /** A new clerk (one outstanding request at a time); clerks are cheap and share this client's connections. */
    public KvClerk newClerk() {
        return KvClerk.create(transport, group, servers.ids(), clerkOptions, IDS.nextLong());
    }

    /** The transport, for admin requests such as status. */
    public Transport transport() {
        return transport;
    }

    public PeerList servers() {
        return servers;
    }

    public String group() {
        return group;
    }

    /** Closes the connections; outstanding requests fail. */
    @Override
    public void close() {
        transport.close();
    }
}

package io.eraft.dist.client;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.PeerList;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.shard.ShardClerk;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A client's connection to a sharded cluster: a {@code netty} transport that does not listen, a controller clerk
 * for the configuration, and any number of shard clerks that route each key to the group owning its shard. Shard
 * group servers need no address here: they are named by their {@code host:port} in the configurations.
 */
public final class ShardedClient implements AutoCloseable {
    private static final SecureRandom IDS = new SecureRandom();

    private final PeerList controllers;
    private final String cluster;
    private final ClerkOptions clerkOptions;
    private final Transport transport;
    private final ControllerClerk controller;

    private ShardedClient(PeerList controllers, String cluster, ClerkOptions clerkOptions, Transport transport) {
        this.controllers = controllers;
        this.cluster = cluster;
        this.clerkOptions = clerkOptions;
        this.transport = transport;
        this.controller = ControllerClerk.create(transport, cluster, controllers.ids(), clerkOptions,
                IDS.nextLong());
    }

    /**
     * A client of the cluster whose controller {@code cluster} runs on {@code controllers}; no connection is made
     * until the first request.
     *
     * @param operationTimeout how long one operation may take, retries and re-routing included, before it fails
     */
    public static ShardedClient connect(PeerList controllers, String cluster, Duration operationTimeout) {
        Objects.requireNonNull(controllers, "controllers");
        Objects.requireNonNull(cluster, "cluster");
        NodeId self = NodeId.of("client-" + Long.toHexString(IDS.nextLong()));
        Transport transport = TransportProvider.byName(EraftServer.TRANSPORT)
                .create(new TransportConfig(self, controllers.addresses(), Map.of()));
        return new ShardedClient(controllers, cluster, ClerkOptions.DEFAULT.withOperationTimeout(operationTimeout),
                transport);
    }

    /** The controller's clerk (Join, Leave, Move, Query); blocking, one call at a time. */
    public ControllerClerk controller() {
        return controller;
    }

    /** A new shard clerk (one outstanding request at a time); clerks are cheap and share this client's connections. */
    public ShardClerk newClerk() {
        ControllerClerk own = ControllerClerk.create(transport, cluster, controllers.ids(), clerkOptions,
                IDS.nextLong());
        return ShardClerk.create(transport, own, clerkOptions, IDS.nextLong());
    }

    /** The transport, for admin requests such as status. */
    public Transport transport() {
        return transport;
    }

    public PeerList controllers() {
        return controllers;
    }

    /** Closes the connections; outstanding requests fail. */
    @Override
    public void close() {
        transport.close();
    }
}

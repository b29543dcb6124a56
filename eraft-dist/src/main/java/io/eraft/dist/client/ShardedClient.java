package io.eraft.dist.client;

import io.eraft.dist.server.PeerList;
import io.eraft.shardkv.client.EraftClient;
import io.eraft.shardkv.client.ShardedClusterClient;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.shard.ShardClerk;

import java.time.Duration;
import java.util.Objects;

/**
 * A tool's connection to a sharded cluster, a {@link ShardedClusterClient}: a controller clerk for the configuration,
 * and any number of shard clerks that route each key to the group owning its shard. Shard group servers need no
 * address here: they are named by their {@code host:port} in the configurations.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ShardedClient extends ClientConnection {
    private final ShardedClusterClient client;
    private final PeerList controllers;

    private ShardedClient(ShardedClusterClient client, PeerList controllers) {
        super(client);
        this.client = client;
        this.controllers = controllers;
    }

    /**
     * A client of the cluster whose controller {@code cluster} runs on {@code controllers}; no connection is made
     * until the first request.
     *
     * @param operationTimeout how long one operation may take, retries and re-routing included, before it fails
     */
    public static ShardedClient connect(PeerList controllers, String cluster, Duration operationTimeout) {
        return connect(controllers, cluster, ClientAccess.CLIENT, operationTimeout);
    }

    /**
     * A client of the cluster that connects as {@code access} says: {@link ClientAccess#ADMIN} (or an admin
     * certificate) for Join, Leave and Move.
     */
    public static ShardedClient connect(PeerList controllers, String cluster, ClientAccess access,
                                        Duration operationTimeout) {
        Objects.requireNonNull(controllers, "controllers");
        Objects.requireNonNull(cluster, "cluster");
        return new ShardedClient(open(EraftClient.shardedCluster(cluster, controllers.addresses()), access,
                operationTimeout), controllers);
    }

    /** The controller's clerk (Join, Leave, Move, Query); blocking, one call at a time. */
    public ControllerClerk controller() {
        return client.controller();
    }

    /** A new shard clerk, with a controller clerk of its own to look up configurations. */
    @Override
    public ShardClerk newClerk() {
        return client.newSession();
    }

    public PeerList controllers() {
        return controllers;
    }
}

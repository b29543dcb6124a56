package io.eraft.dist.client;

import io.eraft.dist.server.PeerList;
import io.eraft.shardkv.kv.KvClerk;

import java.time.Duration;
import java.util.Objects;

/** A client's connection to one KV group, shared by any number of clerks. */
public final class ClusterClient extends ClientConnection {
    private final PeerList servers;
    private final String group;

    private ClusterClient(PeerList servers, String group, ClientAccess access, Duration operationTimeout) {
        super(servers, access, operationTimeout);
        this.servers = servers;
        this.group = group;
    }

    /**
     * A client of group {@code group} on {@code servers}; no connection is made until the first request.
     *
     * @param operationTimeout how long one operation may take, retries included, before it fails
     */
    public static ClusterClient connect(PeerList servers, String group, Duration operationTimeout) {
        return connect(servers, group, ClientAccess.CLIENT, operationTimeout);
    }

    /** A client of group {@code group} on {@code servers} that connects as {@code access} says. */
    public static ClusterClient connect(PeerList servers, String group, ClientAccess access,
                                        Duration operationTimeout) {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(group, "group");
        return new ClusterClient(servers, group, access, operationTimeout);
    }

    @Override
    public KvClerk newClerk() {
        return KvClerk.create(transport(), group, servers.ids(), clerkOptions(), newClerkId());
    }

    public PeerList servers() {
        return servers;
    }

    public String group() {
        return group;
    }
}

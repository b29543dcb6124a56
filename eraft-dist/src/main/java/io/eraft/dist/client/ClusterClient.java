package io.eraft.dist.client;

import io.eraft.dist.server.PeerList;
import io.eraft.shardkv.client.EraftClient;
import io.eraft.shardkv.client.GroupClient;
import io.eraft.shardkv.kv.KvClerk;

import java.time.Duration;
import java.util.Objects;

/**
 * A tool's connection to one KV group, shared by any number of clerks: a {@link GroupClient}.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ClusterClient extends ClientConnection {
    private final GroupClient client;
    private final PeerList servers;

    private ClusterClient(GroupClient client, PeerList servers) {
        super(client);
        this.client = client;
        this.servers = servers;
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
        return new ClusterClient(open(EraftClient.group(group, servers.addresses()), access, operationTimeout),
                servers);
    }

    @Override
    public KvClerk newClerk() {
        return client.newSession();
    }

    public PeerList servers() {
        return servers;
    }

    public String group() {
        return client.group();
    }
}

package io.eraft.shardkv.client;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvClerk;

import java.util.List;
import java.util.Map;

/**
 * A client of one KV group: it finds the leader among the servers it was given (and those the group's
 * configuration adds later), follows leader changes, and retries until the operation timeout. Made by
 * {@link EraftClient#group}.
 */
public final class GroupClient extends EraftClient {
    private final String group;
    private final Map<NodeId, String> servers;

    GroupClient(Transport transport, ClientOptions options, String group, Map<NodeId, String> servers) {
        super(transport, options);
        this.group = group;
        this.servers = servers;
    }

    /** A new clerk of the group (one request at a time) with this client's options. */
    @Override
    public KvClerk newSession() {
        checkOpen();
        return newClerk(options().clerkOptions(), newClientId());
    }

    @Override
    KvClerk newClerk(ClerkOptions clerkOptions, long clientId) {
        return KvClerk.create(transport(), group, List.copyOf(servers.keySet()), clerkOptions, clientId);
    }

    /** The group's name. */
    public String group() {
        return group;
    }

    /** The servers this client was given: id to {@code host:port}, in the order given. */
    public Map<NodeId, String> servers() {
        return servers;
    }

    @Override
    public String toString() {
        return "client of KV group '" + group + "' " + servers.keySet();
    }
}

package io.eraft.shardkv.client;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.shard.ShardClerk;

import java.util.List;
import java.util.Map;

/**
 * A client of a sharded cluster: each key goes to the group that owns its shard in the latest configuration the
 * client learned from the shard controller. When a group answers that it does not own the shard (the shard moved,
 * or the configuration changed), the client asks the controller again and retries, until the operation timeout; a
 * write carries the same id on every attempt, so it applies once across moves. Made by
 * {@link EraftClient#shardedCluster}.
 */
public final class ShardedClusterClient extends EraftClient {
    private final String controllerName;
    private final Map<NodeId, String> controllers;
    private final ControllerClerk controller;

    ShardedClusterClient(Transport transport, ClientOptions options, String controllerName,
                         Map<NodeId, String> controllers) {
        super(transport, options);
        this.controllerName = controllerName;
        this.controllers = controllers;
        this.controller = newControllerClerk(options.clerkOptions());
    }

    /**
     * The shard controller's clerk: queries ({@code latest}, {@code query}) for any role; Join, Leave and Move for a
     * client connected with role {@link io.eraft.api.transport.Access#ADMIN}.
     */
    public ControllerClerk controller() {
        return controller;
    }

    /** A new routing clerk (one request at a time), with a controller clerk of its own. */
    @Override
    public ShardClerk newSession() {
        checkOpen();
        return newClerk(options().clerkOptions(), newClientId());
    }

    @Override
    ShardClerk newClerk(ClerkOptions clerkOptions, long clientId) {
        return ShardClerk.create(transport(), newControllerClerk(clerkOptions), clerkOptions, clientId);
    }

    private ControllerClerk newControllerClerk(ClerkOptions clerkOptions) {
        return ControllerClerk.create(transport(), controllerName, List.copyOf(controllers.keySet()), clerkOptions,
                newClientId());
    }

    /** The controller's name. */
    public String controllerName() {
        return controllerName;
    }

    /** The controller's servers this client was given: id to {@code host:port}, in the order given. */
    public Map<NodeId, String> controllers() {
        return controllers;
    }

    @Override
    public String toString() {
        return "client of the sharded cluster of controller '" + controllerName + "' " + controllers.keySet();
    }
}

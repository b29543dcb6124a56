package io.eraft.dist.cli;

import io.eraft.dist.client.ClientAccess;
import io.eraft.dist.client.ShardedClient;
import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.time.Duration;

/** The options of client commands that reach a sharded cluster through its shard controller. */
final class ShardedOptions {
    @Option(names = "--ctrlers", paramLabel = "HOST:PORT,...", scope = ScopeType.INHERIT,
            description = "The shard controller's servers, e.g. 127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003.")
    String ctrlers;

    @Option(names = "--controller", paramLabel = "NAME", defaultValue = ServerConfig.DEFAULT_CONTROLLER,
            scope = ScopeType.INHERIT, description = "The controller cluster's name (default ${DEFAULT-VALUE}).")
    String controller;

    /** Whether {@code --ctrlers} was given. */
    boolean given() {
        return ctrlers != null;
    }

    /**
     * The controller servers.
     *
     * @throws ConfigException when {@code --ctrlers} is missing, malformed, or names a controller other than by its
     *                         address
     */
    PeerList controllerList() {
        if (ctrlers == null) {
            throw new ConfigException("give the shard controller's servers: --ctrlers host:port,host:port,...");
        }
        PeerList list = PeerList.parse(ctrlers, "--ctrlers");
        if (!list.namedByAddress()) {
            throw new ConfigException("controllers are named by their address: list --ctrlers as "
                    + "host:port,host:port,... (without id=); got " + ctrlers);
        }
        return list;
    }

    /** A client of the cluster, connected as {@code access} says, whose operations give up after {@code timeout}. */
    ShardedClient connect(Duration timeout, ClientAccess access) {
        return ShardedClient.connect(controllerList(), controller, access, timeout);
    }
}

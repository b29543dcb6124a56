package io.eraft.dist.cli;

import io.eraft.dist.client.ClientAccess;
import io.eraft.dist.client.ClientConnection;
import io.eraft.dist.client.ClusterClient;
import io.eraft.dist.client.ShardedClient;
import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.time.Duration;

/**
 * The options every client command shares: which cluster, and the TLS files for a TLS cluster; the command connects
 * in the client role. Either a plain KV group ({@code --servers}, {@code --group})
 * or a sharded cluster reached through its controller ({@code --ctrlers}, {@code --controller}); exactly one of
 * {@code --servers} and {@code --ctrlers}.
 */
final class ClusterOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = {"-s", "--servers"}, paramLabel = "ID=HOST:PORT,...",
            description = "A plain KV group's servers, e.g. n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103.",
            scope = ScopeType.INHERIT)
    String servers;

    @Option(names = {"-g", "--group"}, defaultValue = ServerConfigLoader.DEFAULT_GROUP,
            description = "The KV group, with --servers (default ${DEFAULT-VALUE}).", scope = ScopeType.INHERIT)
    String group;

    @Mixin
    ShardedOptions sharded;

    @Mixin
    TlsOptions tls;

    /**
     * Whether the command addresses a sharded cluster ({@code --ctrlers}) rather than a plain KV group.
     *
     * @throws ConfigException unless exactly one of {@code --servers} and {@code --ctrlers} is given
     */
    boolean isSharded() {
        if (servers != null && sharded.given()) {
            throw new ConfigException("give either --servers (a plain KV group) or --ctrlers (a sharded cluster's "
                    + "controllers), not both");
        }
        if (servers == null && !sharded.given()) {
            throw new ConfigException("which cluster? give --servers id=host:port,... for a plain KV group, or "
                    + "--ctrlers host:port,... for a sharded cluster");
        }
        return sharded.given();
    }

    PeerList serverList() {
        return PeerList.parse(servers, "--servers");
    }

    /**
     * A client of the KV group given by {@code --servers} whose operations give up after {@code timeout}.
     *
     * @throws ConfigException when {@code --ctrlers} was given instead: this command serves plain KV groups only
     */
    ClusterClient connect(Duration timeout) {
        if (isSharded()) {
            throw new ConfigException("eraft " + mixee.qualifiedName(" ").replaceFirst("^eraft ", "")
                    + " works on a plain KV group only: give --servers id=host:port,..., not --ctrlers");
        }
        return ClusterClient.connect(serverList(), group, access(), timeout);
    }

    /** A client of the sharded cluster given by {@code --ctrlers}. */
    ShardedClient connectSharded(Duration timeout) {
        return sharded.connect(timeout, access());
    }

    /** A client's role, with the TLS files given. */
    private ClientAccess access() {
        return ClientAccess.CLIENT.withTls(tls.files());
    }

    /** A client of whichever cluster was given: the KV group of {@code --servers} or the sharded cluster. */
    ClientConnection connectAny(Duration timeout) {
        return isSharded() ? connectSharded(timeout) : connect(timeout);
    }

    /** The cluster option as given, for hints such as "check with: eraft status --servers ...". */
    String given() {
        return isSharded() ? "--ctrlers " + sharded.ctrlers : "--servers " + servers;
    }
}

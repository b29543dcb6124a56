package io.eraft.dist.cli;

import io.eraft.dist.client.ClusterClient;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfigLoader;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.time.Duration;

/** The options every client command shares: which servers, which group. */
final class ClusterOptions {
    @Option(names = {"-s", "--servers"}, required = true, paramLabel = "ID=HOST:PORT,...",
            description = "The group's servers, e.g. n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103.",
            scope = ScopeType.INHERIT)
    String servers;

    @Option(names = {"-g", "--group"}, defaultValue = ServerConfigLoader.DEFAULT_GROUP,
            description = "The KV group (default ${DEFAULT-VALUE}).", scope = ScopeType.INHERIT)
    String group;

    PeerList serverList() {
        return PeerList.parse(servers, "--servers");
    }

    /** A client of the servers whose operations give up after {@code timeout}. */
    ClusterClient connect(Duration timeout) {
        return ClusterClient.connect(serverList(), group, timeout);
    }
}

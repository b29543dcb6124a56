package io.eraft.dist.cli;

import io.eraft.dist.client.ClusterClient;
import io.eraft.dist.client.NodeProbe;
import io.eraft.dist.client.StatusProbe;
import io.eraft.dist.client.StatusTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code eraft status}: each node's role, term, commit and applied index, log and store size, or "offline". */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Ask every server for its status: id, address, Raft role, term, commit and applied index, "
                + "log and store size; a server that does not answer is shown as offline.",
        footer = {"", "Exit status: 0 every server answered; 1 some are offline; 2 error."})
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--timeout", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long to wait for each server (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        CliLogging.forClient();
        try (ClusterClient client = cluster.connect(timeout)) {
            List<NodeProbe> probes = StatusProbe.probe(client.transport(), client.servers(), timeout);
            spec.commandLine().getOut().print(StatusTable.format(probes));
            spec.commandLine().getOut().flush();
            return probes.stream().allMatch(NodeProbe::online) ? 0 : 1;
        }
    }
}

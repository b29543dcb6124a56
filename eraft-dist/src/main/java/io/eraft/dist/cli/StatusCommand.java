package io.eraft.dist.cli;

import io.eraft.dist.client.ClusterClient;
import io.eraft.dist.client.HealthNotes;
import io.eraft.dist.client.NodeProbe;
import io.eraft.dist.client.ShardedClient;
import io.eraft.dist.client.ShardedStatus;
import io.eraft.dist.client.ShardedStatusTable;
import io.eraft.dist.client.StatusProbe;
import io.eraft.dist.client.StatusTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code eraft status}: each node's role, term, commit and applied index, log and store size, or "offline"; for a
 * sharded cluster ({@code --ctrlers}) also the latest configuration and each group's shards with their states.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Ask every server for its status: the cluster id, then per server its id, Raft role, term, "
                + "commit and applied index, log and store size; a server that does not answer is shown as offline. "
                + "A server whose member stopped itself shows role FAILED and the reason below the table; one that "
                + "lost log entries to damage shows as recovering until its leader has given them back, and one "
                + "whose space alarm is raised (it refuses writes that add data) shows NO SPACE with the reason.",
                "With --servers: the nodes of one KV group. With --ctrlers: the sharded cluster's latest "
                        + "configuration, every controller node and every group server (with the configuration it "
                        + "has applied), then per group the shards it owns and each shard's state as the group's "
                        + "leader reports it (serving, PULLING, BEING_PULLED, GC_PENDING)."},
        footer = {"", "Exit status: 0 every server answered, none failed or out of space; 1 some are offline, "
                + "FAILED or out of space (or no controller answered); 2 error."})
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
        PrintWriter out = spec.commandLine().getOut();
        if (cluster.isSharded()) {
            try (ShardedClient client = cluster.connectSharded(timeout)) {
                ShardedStatus status = ShardedStatus.gather(client, cluster.sharded.controller, timeout);
                out.print(ShardedStatusTable.format(status));
                out.flush();
                return status.healthy() ? 0 : 1;
            }
        }
        try (ClusterClient client = cluster.connect(timeout)) {
            List<NodeProbe> probes = StatusProbe.probe(client.transport(), client.servers(), timeout);
            out.print(StatusTable.format(probes));
            out.flush();
            return probes.stream().allMatch(NodeProbe::online) && HealthNotes.healthy(probes) ? 0 : 1;
        }
    }
}

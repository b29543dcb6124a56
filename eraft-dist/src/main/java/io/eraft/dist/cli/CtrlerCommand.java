package io.eraft.dist.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code eraft ctrler}: runs one node of the shard controller (the replicated service that numbers the cluster's
 * configurations: which group owns each shard, which servers each group has) until SIGTERM (or Ctrl-C). It takes
 * the same settings as {@code eraft server} ({@link NodeOptions}).
 */
@Command(name = "ctrler", mixinStandardHelpOptions = true,
        description = {"Run one node of the shard controller over TCP (netty), with a durable Raft log and a "
                + "LevelDB or LMDB store under its data directory, until SIGTERM or Ctrl-C.",
                "Controllers are named by their address: --id and --peers are host:port. Shard group servers "
                        + "(eraft server --ctrlers ...) and clients (eraft ctl, kv, status --ctrlers ...) need only "
                        + "these addresses.",
                "Settings come from a properties file (--config) with keys node.id, peers, listen, data.dir, store, "
                        + "snapshot.threshold, fsync, controller, shards, cluster.token, cluster.id, space.min-free, "
                        + "space.quota, space.check-interval-ms, store.<option>, transport.<option>; flags override it.",
                "Controllers and the shard group servers that use them are one cluster: give them the same "
                        + "cluster token (--cluster-token)."},
        footer = {"", "Example (three shells, one controller node each):",
                "  eraft ctrler --id 127.0.0.1:7001 --peers 127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003 "
                        + "--data-dir eraft-data/c1"})
final class CtrlerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    NodeOptions node;

    /** Not controller settings; accepted only so that the mistake is answered with what they are for. */
    @Option(names = "--ctrlers", hidden = true)
    String ctrlers;

    @Option(names = "--group", hidden = true)
    String group;

    @Override
    public Integer call() throws InterruptedException {
        CliLogging.forServer();
        return ServerCommand.serve(node.load(group, ctrlers, true), spec.commandLine().getOut());
    }
}

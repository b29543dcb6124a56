package io.eraft.dist.cli;

import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerConfigLoader;
import io.eraft.dist.server.ServerSettings;
import io.eraft.dist.server.SettingsHelp;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code eraft server}: runs one node of a plain KV group, or of a shard group when {@code --ctrlers} is given,
 * until SIGTERM (or Ctrl-C). The settings every server process shares ({@link NodeOptions}) serve
 * {@code eraft ctrler} too.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run one node of a KV group over TCP (netty), with a durable Raft log and a LevelDB or LMDB "
                + "store under its data directory, until SIGTERM or Ctrl-C (a clean stop; kill -9 is safe too), or "
                + "until its Raft member stops itself after an error it cannot safely continue from.",
                "With --ctrlers it runs a node of shard group --group instead: the group takes its shards from the "
                        + "shard controller (eraft ctrler) once 'eraft ctl join' adds it. Shard group servers are "
                        + "named by their address: --id and --peers are host:port.",
                "Settings come from a properties file (--config) with keys node.id, peers, group, listen, data.dir, "
                        + "store, snapshot.threshold, fsync, ctrlers, controller, shards, cluster.token, cluster.id, "
                        + "http.listen, "
                        + "space.min-free, space.quota, space.check-interval-ms, raft.*, kv.*, log.*, store.*, "
                        + "transport.* (--help-settings lists them all); flags and --set KEY=VALUE override it. An "
                        + "unknown key or a bad value is refused at start (exit 2), naming the key and the values "
                        + "allowed.",
                "The cluster id (derived from cluster.token and the peers, or the controllers for a shard group) is "
                        + "recorded in the data directory at the first start; a data directory of another cluster "
                        + "is refused."},
        footer = {"", "Example, a KV group (three shells, one node each):",
                "  eraft server --id n1 --peers n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103 "
                        + "--data-dir eraft-data/n1",
                "", "Example, a node of shard group g1 whose controllers run on 7001-7003:",
                "  eraft server --ctrlers 127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003 --group g1 "
                        + "--id 127.0.0.1:7201 --peers 127.0.0.1:7201,127.0.0.1:7202,127.0.0.1:7203",
                "", "Exit status: 2 bad settings, a data directory of another cluster, or a start that failed (port "
                        + "in use, data directory locked); 3 the Raft member stopped itself (the log says why); 4 the "
                        + "Raft log is damaged (eraft repair-log repairs it)."})
final class ServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = "--group", description = "The group's name (group): a KV group's (default kv), or the shard "
            + "group's id, e.g. g1 (required with --ctrlers).")
    String group;

    @Option(names = "--ctrlers", paramLabel = "HOST:PORT,...",
            description = "Run a shard group server that asks these controller servers for its shards (ctrlers).")
    String ctrlers;

    @Option(names = "--join", description = "Start a new, empty server that joins an existing group (join): it "
            + "waits until the group's leader adds it ('eraft member add'), then catches up as a learner. --peers "
            + "lists the group's servers and this one; the cluster id is asked of them unless --cluster-id is "
            + "given. Ignored once the server's data holds the group's configuration.")
    boolean join;

    @Option(names = "--help-settings", description = "Print every setting a server reads (key, type, default, "
            + "allowed values, meaning), grouped: server, raft.*, kv.*, space.*, log.*, transport.*, store.* per "
            + "store; then exit.")
    boolean helpSettings;

    @Override
    public Integer call() throws InterruptedException {
        if (helpSettings) {
            SettingsHelp.print(ServerSettings.groups(), spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        CliLogging.forServer();
        if (join) {
            node.extra = new java.util.ArrayList<>(node.extra);
            node.extra.add(ServerConfigLoader.JOIN + "=true");
        }
        return serve(node.load(group, ctrlers, false), spec.commandLine().getOut());
    }

    /**
     * Starts the server of {@code cfg}, prints one line saying what it runs, and serves until the JVM stops (0) or
     * its Raft member stops itself: then it logs why, closes the server and returns {@link ExitCodes#MEMBER_FAILED}.
     */
    static int serve(ServerConfig cfg, PrintWriter out) throws InterruptedException {
        EraftServer server = EraftServer.start(cfg);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "eraft-shutdown"));
        out.println(startupLine(cfg) + server.httpAddress().map(a -> "; http on " + a.getAddress().getHostAddress()
                + ":" + a.getPort()).orElse(""));
        out.flush();
        Optional<String> failure = FailStop.awaitFailure(server.termination());
        if (failure.isEmpty()) {
            return ExitCodes.OK; // stopped by the shutdown hook; the JVM exits once the hook is done
        }
        // the logger is made here, not in a static field: CliLogging configures the binding before the first one
        LoggerFactory.getLogger(ServerCommand.class).error("node {} stopped itself: {}; the process exits with status {} (see 'Failures and repair' in the "
                + "README)", cfg.id(), failure.get(), ExitCodes.MEMBER_FAILED);
        server.close();
        return ExitCodes.MEMBER_FAILED;
    }

    /** What the server runs, where, and with which settings, in one line. */
    static String startupLine(ServerConfig cfg) {
        String what = switch (cfg.role()) {
            case KV -> "eraft server " + cfg.id() + ": a node of KV group " + cfg.group();
            case SHARD -> "eraft server " + cfg.id() + ": a node of shard group " + cfg.group() + " ("
                    + cfg.shards() + " shards; controller " + cfg.controller() + " on " + cfg.controllers() + ")";
            case CTRLER -> "eraft ctrler " + cfg.id() + ": a node of shard controller " + cfg.controller() + " ("
                    + cfg.shards() + " shards)";
        };
        return what + ", serving on " + cfg.listen() + "; peers " + cfg.peers() + "; data "
                + cfg.dataDir().toAbsolutePath() + "; store " + cfg.store() + "; fsync " + (cfg.fsync() ? "on" : "off");
    }
}

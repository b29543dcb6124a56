package io.eraft.dist.cli;

import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code eraft server}: runs one node of a plain KV group, or of a shard group when {@code --ctrlers} is given,
 * until SIGTERM (or Ctrl-C). The settings every server process shares ({@link NodeOptions}) serve
 * {@code eraft ctrler} too.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run one node of a KV group over TCP (netty), with a durable Raft log and a LevelDB or LMDB "
                + "store under its data directory, until SIGTERM or Ctrl-C (a clean stop; kill -9 is safe too).",
                "With --ctrlers it runs a node of shard group --group instead: the group takes its shards from the "
                        + "shard controller (eraft ctrler) once 'eraft ctl join' adds it. Shard group servers are "
                        + "named by their address: --id and --peers are host:port.",
                "Settings come from a properties file (--config) with keys node.id, peers, group, listen, data.dir, "
                        + "store, snapshot.threshold, fsync, ctrlers, controller, shards, store.<option>, "
                        + "transport.<option>; flags override it."},
        footer = {"", "Example, a KV group (three shells, one node each):",
                "  eraft server --id n1 --peers n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103 "
                        + "--data-dir eraft-data/n1",
                "", "Example, a node of shard group g1 whose controllers run on 7001-7003:",
                "  eraft server --ctrlers 127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003 --group g1 "
                        + "--id 127.0.0.1:7201 --peers 127.0.0.1:7201,127.0.0.1:7202,127.0.0.1:7203"})
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

    @Override
    public Integer call() throws InterruptedException {
        CliLogging.forServer();
        return serve(node.load(group, ctrlers, false), spec.commandLine().getOut());
    }

    /** Starts the server of {@code cfg}, prints one line saying what it runs, and serves until the JVM stops. */
    static int serve(ServerConfig cfg, PrintWriter out) throws InterruptedException {
        EraftServer server = EraftServer.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "eraft-shutdown"));
        out.println(startupLine(cfg));
        out.flush();
        stopped.await();
        return 0;
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

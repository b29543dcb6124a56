package io.eraft.dist.cli;

import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, String> overrides = node.overrides();
        NodeOptions.put(overrides, ServerConfigLoader.GROUP, group);
        NodeOptions.put(overrides, ServerConfigLoader.CTRLERS, ctrlers);
        return serve(ServerConfigLoader.load(node.config, overrides, false), spec.commandLine().getOut());
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

    /** The settings of every server process ({@code eraft server} and {@code eraft ctrler}), as flags. */
    static final class NodeOptions {
        @Option(names = "--config", paramLabel = "FILE", description = "A properties file with the node's settings.")
        Path config;

        @Option(names = "--id", description = "This node's id (node.id); host:port for shard group servers and "
                + "controllers.")
        String id;

        @Option(names = "--peers", paramLabel = "ID=HOST:PORT,...",
                description = "Every node of the group with its address, this one included (peers); "
                        + "HOST:PORT,... for shard group servers and controllers.")
        String peers;

        @Option(names = "--listen", paramLabel = "HOST:PORT",
                description = "The address to bind (listen; default: this node's address in --peers).")
        String listen;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the log and store live (data.dir; "
                + "default eraft-data/<id>).")
        String dataDir;

        @Option(names = "--store", description = "Store provider: leveldb or lmdb (store; default leveldb).")
        String store;

        @Option(names = "--snapshot-threshold", paramLabel = "BYTES",
                description = "Log size that triggers a snapshot, e.g. 64m; 0 never (snapshot.threshold; "
                        + "default 64m).")
        String snapshotThreshold;

        @Option(names = "--fsync", paramLabel = "true|false",
                description = "fsync the Raft log before acknowledging (fsync; default true).")
        String fsync;

        @Option(names = "--controller", paramLabel = "NAME", description = "The shard controller cluster's name "
                + "(controller; default " + ServerConfig.DEFAULT_CONTROLLER + ").")
        String controller;

        @Option(names = "--shards", paramLabel = "N", description = "The sharded cluster's number of shards, the "
                + "same on every controller and shard group server (shards; default " + ServerConfig.DEFAULT_SHARDS
                + "; fixed when the controller first starts).")
        String shards;

        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "Any other setting, e.g. store.block-cache-size=64m or transport.tls-cert=node.pem.")
        List<String> extra = List.of();

        /** The flags given, as config keys to values (what {@link ServerConfigLoader#load} lays over the file). */
        Map<String, String> overrides() {
            Map<String, String> o = new LinkedHashMap<>();
            for (String kv : extra) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException("--set takes KEY=VALUE, got '" + kv + "'");
                }
                o.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
            }
            put(o, ServerConfigLoader.NODE_ID, id);
            put(o, ServerConfigLoader.PEERS, peers);
            put(o, ServerConfigLoader.LISTEN, listen);
            put(o, ServerConfigLoader.DATA_DIR, dataDir);
            put(o, ServerConfigLoader.STORE, store);
            put(o, ServerConfigLoader.SNAPSHOT_THRESHOLD, snapshotThreshold);
            put(o, ServerConfigLoader.FSYNC, fsync);
            put(o, ServerConfigLoader.CONTROLLER, controller);
            put(o, ServerConfigLoader.SHARDS, shards);
            return o;
        }

        static void put(Map<String, String> o, String key, String value) {
            if (value != null) {
                o.put(key, value);
            }
        }
    }
}

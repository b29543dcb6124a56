package io.eraft.dist.cli;

import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code eraft server}: runs one node of a KV group until SIGTERM (or Ctrl-C). */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run one node of a KV group over TCP (netty), with a durable Raft log and a LevelDB or LMDB "
                + "store under its data directory, until SIGTERM or Ctrl-C (a clean stop; kill -9 is safe too).",
                "Settings come from a properties file (--config) with keys node.id, peers, group, listen, data.dir, "
                        + "store, snapshot.threshold, fsync, store.<option>, transport.<option>; flags override it."},
        footer = {"", "Example (three shells, one node each):",
                "  eraft server --id n1 --peers n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103 "
                        + "--data-dir eraft-data/n1"})
final class ServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file with the node's settings.")
    Path config;

    @Option(names = "--id", description = "This node's id (node.id).")
    String id;

    @Option(names = "--peers", paramLabel = "ID=HOST:PORT,...",
            description = "Every node of the group with its address, this one included (peers).")
    String peers;

    @Option(names = "--group", description = "The KV group's name (group; default kv).")
    String group;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "The address to bind (listen; default: this node's address in --peers).")
    String listen;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the log and store live (data.dir; "
            + "default eraft-data/<id>).")
    String dataDir;

    @Option(names = "--store", description = "Store provider: leveldb or lmdb (store; default leveldb).")
    String store;

    @Option(names = "--snapshot-threshold", paramLabel = "BYTES",
            description = "Log size that triggers a snapshot, e.g. 64m; 0 never (snapshot.threshold; default 64m).")
    String snapshotThreshold;

    @Option(names = "--fsync", paramLabel = "true|false",
            description = "fsync the Raft log before acknowledging (fsync; default true).")
    String fsync;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any other setting, e.g. store.block-cache-size=64m or transport.tls-cert=node.pem.")
    List<String> extra = List.of();

    @Override
    public Integer call() throws InterruptedException {
        CliLogging.forServer();
        ServerConfig cfg = ServerConfigLoader.load(config, overrides());
        EraftServer server = EraftServer.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "eraft-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("eraft server %s (group %s) serving on %s; peers %s; data %s; store %s; fsync %s%n", cfg.id(),
                cfg.group(), cfg.listen(), cfg.peers(), cfg.dataDir().toAbsolutePath(), cfg.store(),
                cfg.fsync() ? "on" : "off");
        out.flush();
        stopped.await();
        return 0;
    }

    private Map<String, String> overrides() {
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
        put(o, ServerConfigLoader.GROUP, group);
        put(o, ServerConfigLoader.LISTEN, listen);
        put(o, ServerConfigLoader.DATA_DIR, dataDir);
        put(o, ServerConfigLoader.STORE, store);
        put(o, ServerConfigLoader.SNAPSHOT_THRESHOLD, snapshotThreshold);
        put(o, ServerConfigLoader.FSYNC, fsync);
        return o;
    }

    private static void put(Map<String, String> o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}

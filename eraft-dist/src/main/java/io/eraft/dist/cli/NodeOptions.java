package io.eraft.dist.cli;

import io.eraft.api.cluster.ClusterId;
import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerConfigLoader;
import io.eraft.shardkv.client.TlsFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of every server process ({@code eraft server} and {@code eraft ctrler}) as flags: a properties file
 * ({@code --config}), a flag per common setting ({@link #SETTINGS}: each sets one key of the file) and
 * {@code --set KEY=VALUE} for any other; flags override the file.
 */
@Command(modelTransformer = NodeOptions.SettingFlags.class)
final class NodeOptions {
    /**
     * A flag that sets one config key.
     *
     * @param name        the flag
     * @param key         the {@link ServerConfigLoader} key it sets
     * @param label       its value in the usage help
     * @param description its help
     */
    private record Setting(String name, String key, String label, String description) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("--id", ServerConfigLoader.NODE_ID, "<id>",
                    "This node's id (node.id); host:port for shard group servers and controllers."),
            new Setting("--peers", ServerConfigLoader.PEERS, "ID=HOST:PORT,...",
                    "Every node of the group with its address, this one included (peers); HOST:PORT,... for shard "
                            + "group servers and controllers."),
            new Setting("--listen", ServerConfigLoader.LISTEN, "HOST:PORT",
                    "The address to bind (listen; default: this node's address in --peers)."),
            new Setting("--data-dir", ServerConfigLoader.DATA_DIR, "DIR",
                    "Where the log and store live (data.dir; default eraft-data/<id>)."),
            new Setting("--store", ServerConfigLoader.STORE, "<store>",
                    "Store provider: leveldb or lmdb (store; default leveldb)."),
            new Setting("--snapshot-threshold", ServerConfigLoader.SNAPSHOT_THRESHOLD, "BYTES",
                    "Log size that triggers a snapshot, e.g. 64m; 0 never (snapshot.threshold; default 64m)."),
            new Setting("--fsync", ServerConfigLoader.FSYNC, "true|false",
                    "fsync the Raft log before acknowledging (fsync; default true)."),
            new Setting("--controller", ServerConfigLoader.CONTROLLER, "NAME",
                    "The shard controller cluster's name (controller; default " + ServerConfig.DEFAULT_CONTROLLER
                            + ")."),
            new Setting("--shards", ServerConfigLoader.SHARDS, "N",
                    "The sharded cluster's number of shards, the same on every controller and shard group server "
                            + "(shards; default " + ServerConfig.DEFAULT_SHARDS + "; fixed when the controller "
                            + "first starts)."),
            new Setting("--cluster-token", ServerConfigLoader.CLUSTER_TOKEN, "TOKEN",
                    "The deployment's cluster token (cluster.token; default " + ClusterId.DEFAULT_TOKEN + "): the "
                            + "cluster id is derived from it and the peers (the controllers when sharded). Give "
                            + "every cluster its own."),
            new Setting("--cluster-id", ServerConfigLoader.CLUSTER_ID, "HEX",
                    "The cluster id outright instead of deriving it (cluster.id; 16 hex digits as eraft status "
                            + "shows), when nodes list their peers by different addresses (proxies, NAT)."),
            new Setting("--http", ServerConfigLoader.HTTP_LISTEN, "HOST:PORT",
                    "Serve /metrics (Prometheus), /health, /ready and /status over HTTP on this address "
                            + "(http.listen; default none; HTTPS with the node's TLS files; port 0 picks one)."),
            new Setting("--tls-cert", ServerConfigLoader.TRANSPORT_PREFIX + TlsFiles.CERT, "FILE",
                    "This node's certificate chain, PEM (transport.tls-cert); with --tls-key and --tls-ca turns on "
                            + "mutual TLS. A peer certificate names the node: SAN URI urn:eraft:peer:<id>."),
            new Setting("--tls-key", ServerConfigLoader.TRANSPORT_PREFIX + TlsFiles.KEY, "FILE",
                    "This node's private key, PKCS#8 PEM, RSA or EC (transport.tls-key)."),
            new Setting("--tls-ca", ServerConfigLoader.TRANSPORT_PREFIX + TlsFiles.CA, "FILE",
                    "The CA certificates this node trusts, PEM (transport.tls-ca)."));

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file with the node's settings.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any other setting, e.g. raft.max-append-bytes=4MiB, kv.max-value-bytes=2MiB, "
                    + "raft.election-ticks=30, store.block-cache-size=64MiB or transport.tls-cert=node.pem; "
                    + "'eraft server --help-settings' lists them all. An unknown key or a bad value is refused "
                    + "(README: Settings).")
    List<String> extra = List.of();

    /**
     * The server's settings: the file's, overridden by the flags given, {@code group} and {@code ctrlers} (each
     * when not null).
     *
     * @param controller whether the process is a controller server (see {@link ServerConfigLoader#load})
     * @throws ConfigException for a {@code --set} without {@code KEY=VALUE}, or settings the loader refuses
     */
    ServerConfig load(String group, String ctrlers, boolean controller) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String kv : extra) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set takes KEY=VALUE, got '" + kv + "'");
            }
            flags.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        for (Setting s : SETTINGS) {
            put(flags, s.key(), mixee.findOption(s.name()).getValue());
        }
        put(flags, ServerConfigLoader.GROUP, group);
        put(flags, ServerConfigLoader.CTRLERS, ctrlers);
        return ServerConfigLoader.load(config, flags, controller);
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }

    /** Adds an option per {@link #SETTINGS} entry; picocli calls it when it builds this mixin. */
    static final class SettingFlags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (Setting s : SETTINGS) {
                spec.addOption(OptionSpec.builder(s.name()).type(String.class).paramLabel(s.label())
                        .description(s.description()).build());
            }
            return spec;
        }
    }
}

package io.eraft.dist.server;

import io.eraft.api.UnknownProviderException;
import io.eraft.api.cluster.ClusterId;
import io.eraft.api.settings.InvalidSettingException;
import io.eraft.api.settings.SettingException;
import io.eraft.api.settings.Settings;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.StoreOptionsException;
import io.eraft.api.store.Stores;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.space.SpaceSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads a server's settings from a Java properties file and flag overrides into a {@link ServerConfig}. Keys:
 * <pre>
 * node.id            = n1                                   (required)
 * peers              = n1=127.0.0.1:7101,n2=...,n3=...        (required; this node included)
 * group              = kv                                   (default kv)
 * listen             = 0.0.0.0:7101                          (default: this node's address in peers)
 * data.dir           = eraft-data/n1                         (default eraft-data/&lt;node.id&gt;; relative to the
 *                                                             working directory)
 * store              = leveldb                              (default leveldb; or lmdb)
 * snapshot.threshold = 64m                                  (log bytes; k, m, g suffixes; 0 = never)
 * fsync              = true                                 (default true)
 * ctrlers            = 127.0.0.1:7001,127.0.0.1:7002,...     (a shard group server: the controller servers;
 *                                                             then peers and node.id are host:port)
 * controller         = ctrler                               (the controller cluster's name; default ctrler)
 * shards             = 16                                   (the cluster's shard count; default 16; the same on
 *                                                             every controller and shard server)
 * cluster.token      = orders-prod                          (default eraft-cluster; the cluster id is derived from
 *                                                             it and the peers, or the controllers when sharded)
 * cluster.id         = 3f9a0c1d2e4b5a67                      (the cluster id outright, instead of deriving it)
 * http.listen        = 127.0.0.1:9101                        (the HTTP listener: /metrics, /health, /ready, /status;
 *                                                             HTTPS with the transport's TLS files; default none)
 * space.min-free     = 256m                                 (writes that add data are refused while less is free
 *                                                             on the data directory's file system; 0 = off)
 * space.quota        = 8g                                   (... or while the store is larger; 0 = no quota)
 * space.check-interval-ms = 1000                            (how often both are measured)
 * raft.max-append-bytes = 1m                                (Raft's largest entry and append request; every raft.*
 *                                                             key: eraft server --help-settings)
 * raft.tick = 10ms, raft.election-ticks = 15, ...            (durations in ms or s)
 * kv.max-key-bytes   = 500                                  (longest key; at most 500)
 * kv.max-value-bytes = 500k                                 (longest value and cas operand; the largest cas must
 *                                                             fit raft.max-append-bytes, or the server refuses to
 *                                                             start)
 * store.&lt;option&gt;     = ...                                  (passed to the store provider)
 * transport.&lt;option&gt; = ...                                  (passed to the netty transport, e.g. TLS files)
 * log.&lt;option&gt;       = ...                                  (passed to the Raft log, e.g. log.segment-bytes)
 * </pre>
 * Every key is a typed setting ({@link ServerSettings}; {@code eraft server --help-settings} lists them). Flags
 * override the file key by key. An unknown key is refused naming the nearest known one, and a bad value naming the
 * values allowed, so a misspelt key is not silently ignored.
 */
public final class ServerConfigLoader {
    public static final String NODE_ID = "node.id";
    public static final String PEERS = "peers";
    public static final String GROUP = "group";
    public static final String LISTEN = "listen";
    public static final String DATA_DIR = "data.dir";
    public static final String STORE = "store";
    public static final String SNAPSHOT_THRESHOLD = "snapshot.threshold";
    public static final String FSYNC = "fsync";
    /** A new server joining an existing group ({@link ServerConfig#join()}). */
    public static final String JOIN = "join";
    public static final String CTRLERS = "ctrlers";
    public static final String CONTROLLER = "controller";
    public static final String SHARDS = "shards";
    public static final String CLUSTER_TOKEN = "cluster.token";
    public static final String CLUSTER_ID = "cluster.id";
    /** The HTTP listener's {@code host:port} ({@link ServerConfig#http()}). */
    public static final String HTTP_LISTEN = "http.listen";
    public static final String STORE_PREFIX = "store.";
    public static final String TRANSPORT_PREFIX = "transport.";

    /** The default KV group name. */
    public static final String DEFAULT_GROUP = "kv";
    /** The default store provider. */
    public static final String DEFAULT_STORE = "leveldb";

    private ServerConfigLoader() {
    }

    /**
     * The settings of {@code file} (if given) with {@code overrides} (config key to value) applied on top.
     *
     * @throws ConfigException for an unreadable file, an unknown key, a missing or malformed value, a bad peer
     *                         list, a node not among its peers, or a store provider that is not installed (the
     *                         message lists the ones found)
     */
    public static ServerConfig load(Path file, Map<String, String> overrides) {
        return load(file, overrides, false);
    }

    /**
     * As {@link #load(Path, Map)}, for a controller server when {@code controller} is true (its group defaults to
     * the controller cluster's name); otherwise a shard group server when {@code ctrlers} is set, else a plain KV
     * server.
     */
    public static ServerConfig load(Path file, Map<String, String> overrides, boolean controller) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (file != null) {
            settings.putAll(read(file));
        }
        settings.putAll(overrides);
        return fromSettings(settings, file == null ? "flags" : file + " and flags", controller);
    }

    /** Builds a config from flat settings; {@code source} names where they came from, for error messages. */
    static ServerConfig fromSettings(Map<String, String> settings, String source) {
        return fromSettings(settings, source, false);
    }

    private static ServerConfig fromSettings(Map<String, String> settings, String source, boolean controller) {
        Settings checked = check(settings, source);
        NodeId id = nodeId(required(settings, NODE_ID, "--id", source));
        PeerList peers = PeerList.parse(required(settings, PEERS, "--peers", source), "peers (--peers)");
        String cluster = checked.get(ServerSettings.CONTROLLER);
        PeerList ctrlers = settings.containsKey(CTRLERS)
                ? PeerList.parse(settings.get(CTRLERS), "ctrlers (--ctrlers)") : null;
        ServerRole role = controller ? ServerRole.CTRLER : ctrlers != null ? ServerRole.SHARD : ServerRole.KV;
        if (role == ServerRole.SHARD && !settings.containsKey(GROUP)) {
            throw new ConfigException("a shard group server needs its group id: give group (--group), e.g. g1");
        }
        if (controller && settings.containsKey(GROUP) && !settings.get(GROUP).strip().equals(cluster)) {
            throw new ConfigException("group (--group) is not a controller setting: a controller's group is its "
                    + "cluster name (controller, --controller; here " + cluster + "); remove group "
                    + settings.get(GROUP).strip());
        }
        String group = checked.isGiven(ServerSettings.GROUP) ? checked.get(ServerSettings.GROUP)
                : controller ? cluster : DEFAULT_GROUP;
        int shards = checked.get(ServerSettings.SHARDS);
        String listen = settings.containsKey(LISTEN) ? settings.get(LISTEN).strip() : peers.addressOf(id);
        if (listen == null) {
            throw new ConfigException("node " + id + " is not in its peer list " + peers + "; add " + id
                    + "=host:port to peers (--peers), or fix node.id (--id)");
        }
        Path dataDir = Path.of(checked.isGiven(ServerSettings.DATA_DIR) ? checked.get(ServerSettings.DATA_DIR)
                : "eraft-data/" + id);
        String store = checked.get(ServerSettings.STORE);
        long threshold = checked.get(ServerSettings.SNAPSHOT_THRESHOLD);
        return new ServerConfig(id, group, peers, listen, dataDir, store, prefixed(settings, STORE_PREFIX),
                prefixed(settings, TRANSPORT_PREFIX), threshold, checked.get(ServerSettings.FSYNC), role, cluster,
                ctrlers, shards, clusterIdentity(settings), space(settings), RaftSettings.raft(checked, threshold),
                RaftSettings.limits(checked), checked.get(ServerSettings.JOIN),
                checked.get(ServerSettings.HTTP_LISTEN), prefixed(settings, ServerSettings.LOG_PREFIX));
    }

    /**
     * Checks every key and value against the settings a server declares ({@link ServerSettings}), after the store
     * provider is known (its options are {@code store.*}).
     */
    private static Settings check(Map<String, String> settings, String source) {
        for (String key : settings.keySet()) {
            String renamed = ServerSettings.RENAMED.get(key);
            if (renamed != null) {
                throw new ConfigException("setting '" + key + "' (in " + source + ") is not read by a server: give '"
                        + renamed + "' instead");
            }
        }
        StoreProvider store = storeProvider(settings.getOrDefault(STORE, DEFAULT_STORE).strip());
        try {
            return Settings.parse(ServerSettings.declared(store), settings);
        } catch (SettingException e) {
            String flag = e instanceof InvalidSettingException ? ServerSettings.FLAGS.get(e.key()) : null;
            throw new ConfigException(e.getMessage() + " (" + (flag == null ? "" : "flag " + flag + "; ")
                    + "read from " + source + "; 'eraft server --help-settings' lists every setting)", e);
        }
    }

    private static SpaceSettings space(Map<String, String> settings) {
        try {
            return SpaceSettings.fromOptions(settings);
        } catch (StoreOptionsException | IllegalArgumentException e) {
            throw new ConfigException("bad space setting: " + e.getMessage() + " (" + SpaceSettings.MIN_FREE + ", "
                    + SpaceSettings.QUOTA + ", " + SpaceSettings.CHECK_INTERVAL_MS + "; sizes may end in k, m, g)", e);
        }
    }

    private static ClusterIdentity clusterIdentity(Map<String, String> settings) {
        String token = settings.getOrDefault(CLUSTER_TOKEN, ClusterId.DEFAULT_TOKEN).strip();
        String id = settings.get(CLUSTER_ID);
        if (id == null || id.isBlank()) {
            return new ClusterIdentity(token, null);
        }
        try {
            return new ClusterIdentity(token, ClusterId.parse(id));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad cluster.id (--cluster-id) '" + id.strip() + "': give the cluster's id as "
                    + "eraft status shows it (16 hex digits)", e);
        }
    }

    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist; pass an existing file to --config, "
                    + "or give the settings as flags", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private static String required(Map<String, String> settings, String key, String flag, String source) {
        String v = settings.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException("missing setting '" + key + "': give it in the config file (" + key
                    + "=...) or as " + flag + " (read from " + source + ")");
        }
        return v.strip();
    }

    private static NodeId nodeId(String text) {
        try {
            return NodeId.of(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad node.id (--id): " + e.getMessage(), e);
        }
    }

    /** Checks that the store provider is installed, so a typo fails at once with the list of those found. */
    private static StoreProvider storeProvider(String name) {
        try {
            return Stores.provider(name);
        } catch (UnknownProviderException e) {
            throw new ConfigException("unknown store '" + name + "' (store, --store); stores found: "
                    + (e.available().isEmpty() ? "none" : String.join(", ", e.available()))
                    + "; choose one of them", e);
        }
    }

    private static Map<String, String> prefixed(Map<String, String> settings, String prefix) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v.strip());
            }
        });
        return out;
    }
}

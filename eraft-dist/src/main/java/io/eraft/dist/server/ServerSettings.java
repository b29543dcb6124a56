package io.eraft.dist.server;

import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.raft.RaftKeys;
import io.eraft.api.settings.Setting;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.Stores;
import io.eraft.api.transport.TransportProvider;
import io.eraft.shardkv.space.SpaceSettings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every setting a server reads, declared where it lives: the server's own keys here, {@code raft.*} by
 * {@link RaftKeys}, {@code kv.*} by {@link RaftSettings}, {@code space.*} by {@link SpaceSettings}, and
 * {@code log.*}, {@code store.*} and {@code transport.*} by the providers the server uses (their {@code settings()},
 * under the prefix).
 */
public final class ServerSettings {
    /** The log provider a server uses. */
    public static final String LOG_PROVIDER = EraftServer.LOG_PROVIDER;
    /** The transport a server uses. */
    public static final String TRANSPORT_PROVIDER = "netty";
    public static final String LOG_PREFIX = "log.";

    static final Setting<String> NODE_ID = Setting.text(ServerConfigLoader.NODE_ID, "", "a node id; host:port "
            + "for shard group servers and controllers", "this node's id (required; --id)");
    static final Setting<String> PEERS = Setting.text(ServerConfigLoader.PEERS, "", "id=host:port,...; "
            + "host:port,... for shard group servers", "every member of the group, this one included (required; "
            + "--peers)");
    static final Setting<String> GROUP = Setting.text(ServerConfigLoader.GROUP, ServerConfigLoader.DEFAULT_GROUP,
            "letters, digits, _ . -", "the KV group's name, or the shard group's id (--group)");
    static final Setting<String> LISTEN = Setting.text(ServerConfigLoader.LISTEN, "", "host:port",
            "the address to bind (default: this node's address in peers)");
    static final Setting<String> DATA_DIR = Setting.text(ServerConfigLoader.DATA_DIR, "", "a directory",
            "where the log and store live (default eraft-data/<node.id>)");
    static final Setting<String> STORE = Setting.text(ServerConfigLoader.STORE, ServerConfigLoader.DEFAULT_STORE,
            "an installed store provider", "the state machine store (its options: store.*)");
    static final Setting<Long> SNAPSHOT_THRESHOLD = Setting.size(ServerConfigLoader.SNAPSHOT_THRESHOLD,
            RaftKeys.SNAPSHOT_THRESHOLD_BYTES.defaultValue(), 0, 1L << 50,
            "log bytes above which a node snapshots; 0 never (--snapshot-threshold)");
    static final Setting<Boolean> FSYNC = Setting.bool(ServerConfigLoader.FSYNC, true,
            "fsync the Raft log before acknowledging writes (--fsync)");
    static final Setting<Boolean> JOIN = Setting.bool(ServerConfigLoader.JOIN, false,
            "a new server joining an existing group (--join)");
    static final Setting<String> CTRLERS = Setting.text(ServerConfigLoader.CTRLERS, "", "host:port,...",
            "the controller servers; given, the process is a shard group server (--ctrlers)");
    static final Setting<String> CONTROLLER = Setting.text(ServerConfigLoader.CONTROLLER,
            ServerConfig.DEFAULT_CONTROLLER, "a name", "the shard controller cluster's name (--controller)");
    static final Setting<Integer> SHARDS = Setting.integer(ServerConfigLoader.SHARDS, ServerConfig.DEFAULT_SHARDS, 1,
            1 << 16, "the cluster's number of shards, the same on every controller and shard server (--shards)");
    static final Setting<String> CLUSTER_TOKEN = Setting.text(ServerConfigLoader.CLUSTER_TOKEN,
            io.eraft.api.cluster.ClusterId.DEFAULT_TOKEN, "text", "the cluster id is derived from it and the peers "
                    + "(--cluster-token)");
    static final Setting<String> CLUSTER_ID = Setting.text(ServerConfigLoader.CLUSTER_ID, "", "16 hex digits",
            "the cluster id outright, instead of deriving it (--cluster-id)");
    static final Setting<String> HTTP_LISTEN = Setting.text(ServerConfigLoader.HTTP_LISTEN, "", "host:port",
            "serve /metrics, /health, /ready and /status here (default none; --http)");

    /** The server's own keys. */
    static final List<Setting<?>> SERVER = List.of(NODE_ID, PEERS, GROUP, LISTEN, DATA_DIR, STORE,
            SNAPSHOT_THRESHOLD, FSYNC, JOIN, CTRLERS, CONTROLLER, SHARDS, CLUSTER_TOKEN, CLUSTER_ID, HTTP_LISTEN);

    /**
     * Keys a server refuses because it reads the same thing under another key, to the key it reads: the snapshot
     * threshold is {@code snapshot.threshold}, the log's fsync is {@code fsync}.
     */
    static final Map<String, String> RENAMED = Map.of(
            RaftKeys.SNAPSHOT_THRESHOLD_BYTES.key(), ServerConfigLoader.SNAPSHOT_THRESHOLD,
            LOG_PREFIX + "fsync", ServerConfigLoader.FSYNC);

    /** The flag that sets a server key, for messages that name both. */
    static final Map<String, String> FLAGS = Map.ofEntries(Map.entry(ServerConfigLoader.NODE_ID, "--id"),
            Map.entry(ServerConfigLoader.PEERS, "--peers"), Map.entry(ServerConfigLoader.GROUP, "--group"),
            Map.entry(ServerConfigLoader.LISTEN, "--listen"), Map.entry(ServerConfigLoader.DATA_DIR, "--data-dir"),
            Map.entry(ServerConfigLoader.STORE, "--store"),
            Map.entry(ServerConfigLoader.SNAPSHOT_THRESHOLD, "--snapshot-threshold"),
            Map.entry(ServerConfigLoader.FSYNC, "--fsync"), Map.entry(ServerConfigLoader.JOIN, "--join"),
            Map.entry(ServerConfigLoader.CTRLERS, "--ctrlers"), Map.entry(ServerConfigLoader.CONTROLLER,
                    "--controller"), Map.entry(ServerConfigLoader.SHARDS, "--shards"),
            Map.entry(ServerConfigLoader.CLUSTER_TOKEN, "--cluster-token"),
            Map.entry(ServerConfigLoader.CLUSTER_ID, "--cluster-id"),
            Map.entry(ServerConfigLoader.HTTP_LISTEN, "--http"));

    private ServerSettings() {
    }

    /** The settings a server with store {@code store} accepts. */
    static List<Setting<?>> declared(StoreProvider store) {
        List<Setting<?>> all = new ArrayList<>();
        for (SettingGroup g : common()) {
            all.addAll(g.settings());
        }
        all.addAll(storeGroup(store).settings());
        return all;
    }

    /** Every setting, grouped: the server's, raft, kv, space, log, transport, then one group per store found. */
    public static List<SettingGroup> groups() {
        List<SettingGroup> groups = new ArrayList<>(common());
        Stores.providers().stream().sorted(Comparator.comparing(StoreProvider::name))
                .forEach(p -> groups.add(storeGroup(p)));
        return groups;
    }

    private static List<SettingGroup> common() {
        return List.of(new SettingGroup("server", SERVER),
                new SettingGroup("raft (Raft's timing and limits)", raft()),
                new SettingGroup("kv (key and value limits)", RaftSettings.KV),
                new SettingGroup("space (disk space alarm)", space()),
                new SettingGroup("log (the " + LOG_PROVIDER + " Raft log)", prefixed(LOG_PREFIX,
                        LogStoreProvider.byName(LOG_PROVIDER).settings())),
                new SettingGroup("transport (" + TRANSPORT_PROVIDER + ")", prefixed(ServerConfigLoader.TRANSPORT_PREFIX,
                        TransportProvider.byName(TRANSPORT_PROVIDER).settings())));
    }

    private static SettingGroup storeGroup(StoreProvider store) {
        return new SettingGroup("store (" + store.name() + ", with store=" + store.name() + ")",
                prefixed(ServerConfigLoader.STORE_PREFIX, store.settings()));
    }

    private static List<Setting<?>> raft() {
        return RaftKeys.ALL.stream().filter(s -> !RENAMED.containsKey(s.key())).toList();
    }

    @SuppressWarnings("deprecation")
    private static List<Setting<?>> space() {
        return SpaceSettings.options().stream().<Setting<?>>map(io.eraft.api.store.StoreOption::setting).toList();
    }

    private static List<Setting<?>> prefixed(String prefix, List<Setting<?>> settings) {
        return settings.stream().filter(s -> !RENAMED.containsKey(prefix + s.key()))
                .<Setting<?>>map(s -> s.withPrefix(prefix)).toList();
    }
}

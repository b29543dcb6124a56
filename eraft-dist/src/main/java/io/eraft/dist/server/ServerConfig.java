package io.eraft.dist.server;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.space.SpaceSettings;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checked settings of one server process: one member of a plain KV group, of a shard group, or of the shard
 * controller ({@link ServerRole}). Read from a properties file and flags by {@link ServerConfigLoader}.
 *
 * @param id                     this node ({@code node.id})
 * @param group                  the KV group's name ({@code group}); every member uses the same
 * @param peers                  every member of the group with its address, this node included ({@code peers})
 * @param listen                 the {@code host:port} this node binds ({@code listen}); by default its own address in
 *                               {@code peers}, or e.g. {@code 0.0.0.0:7101} to accept on every interface
 * @param dataDir                where the node keeps its log and store ({@code data.dir}); one server at a time
 * @param store                  the state machine store provider ({@code store}: {@code leveldb} or {@code lmdb})
 * @param storeOptions           options passed to the store provider ({@code store.<name>} keys)
 * @param transportOptions       options passed to the {@code netty} transport ({@code transport.<name>} keys)
 * @param snapshotThresholdBytes log bytes above which the node snapshots its state and drops the log before it
 *                               ({@code snapshot.threshold}; 0 never snapshots)
 * @param fsync                  whether the Raft log is fsynced before a write is acknowledged ({@code fsync})
 * @param role                   what the process runs
 * @param controller             the controller cluster's name ({@code controller}; default {@code ctrler}): a
 *                               controller's Raft group, and the cluster a shard server asks
 * @param controllers            the controller servers a shard server asks ({@code ctrlers}); null for other roles
 * @param shards                 the cluster's number of shards ({@code shards}; default 16), fixed when the
 *                               controller is first started; shard servers must use the same number
 * @param cluster                the cluster token or fixed cluster id ({@code cluster.token}, {@code cluster.id}); see
 *                               {@link #clusterId()}
 * @param space                  when the server raises its space alarm and refuses writes that add data
 *                               ({@code space.min-free}, {@code space.quota}, {@code space.check-interval-ms})
 * @param raft                   Raft's timing and limits ({@code raft.<name>} keys, see {@link RaftSettings}); its
 *                               snapshot threshold is replaced by {@code snapshotThresholdBytes}
 * @param limits                 key and value size limits ({@code kv.max-key-bytes}, {@code kv.max-value-bytes});
 *                               they must fit {@code raft.max-append-bytes}, or the server refuses to start
 * @param join                   a new server joining an existing group ({@code join}, {@code --join}): it starts
 *                               empty outside the configuration and waits until the group's leader adds it
 *                               ({@code eraft member add}); its cluster id comes from the group's servers (see
 *                               {@link io.eraft.dist.server.JoinIdentity}) unless {@code cluster.id} is given.
 *                               Ignored once its data holds a configuration
 * @param http                   the {@code host:port} of the node's HTTP listener ({@code http.listen},
 *                               {@code --http}: {@code /metrics}, {@code /health}, {@code /ready}, {@code /status};
 *                               HTTPS when the transport has TLS files), or empty for none
 * @param logOptions             options passed to the Raft log ({@code log.<name>} keys, e.g.
 *                               {@code log.segment-bytes}; {@code fsync} is {@link #fsync()})
 */
public record ServerConfig(NodeId id, String group, PeerList peers, String listen, Path dataDir, String store,
                           Map<String, String> storeOptions, Map<String, String> transportOptions,
                           long snapshotThresholdBytes, boolean fsync, ServerRole role, String controller,
                           PeerList controllers, int shards, ClusterIdentity cluster, SpaceSettings space,
                           RaftConfig raft, KvLimits limits, boolean join, String http,
                           Map<String, String> logOptions) {
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    /** The controller cluster's name unless configured otherwise. */
    public static final String DEFAULT_CONTROLLER = "ctrler";
    /** The number of shards unless configured otherwise. */
    public static final int DEFAULT_SHARDS = 16;

    /** A member of a plain KV group. */
    public ServerConfig(NodeId id, String group, PeerList peers, String listen, Path dataDir, String store,
                        Map<String, String> storeOptions, Map<String, String> transportOptions,
                        long snapshotThresholdBytes, boolean fsync) {
        this(id, group, peers, listen, dataDir, store, storeOptions, transportOptions, snapshotThresholdBytes, fsync,
                ServerRole.KV, DEFAULT_CONTROLLER, null, DEFAULT_SHARDS);
    }

    /** A server of any role with the default cluster token and space alarm. */
    public ServerConfig(NodeId id, String group, PeerList peers, String listen, Path dataDir, String store,
                        Map<String, String> storeOptions, Map<String, String> transportOptions,
                        long snapshotThresholdBytes, boolean fsync, ServerRole role, String controller,
                        PeerList controllers, int shards) {
        this(id, group, peers, listen, dataDir, store, storeOptions, transportOptions, snapshotThresholdBytes, fsync,
                role, controller, controllers, shards, ClusterIdentity.DEFAULT, SpaceSettings.DEFAULT);
    }

    /** A server of any role with the default Raft settings and KV limits. */
    public ServerConfig(NodeId id, String group, PeerList peers, String listen, Path dataDir, String store,
                        Map<String, String> storeOptions, Map<String, String> transportOptions,
                        long snapshotThresholdBytes, boolean fsync, ServerRole role, String controller,
                        PeerList controllers, int shards, ClusterIdentity cluster, SpaceSettings space) {
        this(id, group, peers, listen, dataDir, store, storeOptions, transportOptions, snapshotThresholdBytes, fsync,
                role, controller, controllers, shards, cluster, space, RaftConfig.defaults(), KvLimits.DEFAULT);
    }

    /** A server of the group's initial members (not joining). */
    public ServerConfig(NodeId id, String group, PeerList peers, String listen, Path dataDir, String store,
                        Map<String, String> storeOptions, Map<String, String> transportOptions,
                        long snapshotThresholdBytes, boolean fsync, ServerRole role, String controller,
                        PeerList controllers, int shards, ClusterIdentity cluster, SpaceSettings space,
                        RaftConfig raft, KvLimits limits) {
        this(id, group, peers, listen, dataDir, store, storeOptions, transportOptions, snapshotThresholdBytes, fsync,
                role, controller, controllers, shards, cluster, space, raft, limits, false);
    }

    /** A server without an HTTP listener. */
    public ServerConfig(NodeId id, String group, PeerList peers, String listen, Path dataDir, String store,
                        Map<String, String> storeOptions, Map<String, String> transportOptions,
                        long snapshotThresholdBytes, boolean fsync, ServerRole role, String controller,
                        PeerList controllers, int shards, ClusterIdentity cluster, SpaceSettings space,
                        RaftConfig raft, KvLimits limits, boolean join) {
        this(id, group, peers, listen, dataDir, store, storeOptions, transportOptions, snapshotThresholdBytes, fsync,
                role, controller, controllers, shards, cluster, space, raft, limits, join, "", Map.of());
    }

    /** Checks the rules across settings: this node is a peer, the group name is usable as a channel name. */
    public ServerConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(store, "store");
        logOptions = Map.copyOf(logOptions);
        storeOptions = Map.copyOf(storeOptions);
        transportOptions = Map.copyOf(transportOptions);
        if (!peers.contains(id)) {
            throw new ConfigException("node " + id + " is not in its peer list " + peers + "; add " + id
                    + "=host:port to peers (--peers), or fix node.id (--id)");
        }
        if (!GROUP.matcher(group).matches()) {
            throw new ConfigException("bad group name '" + group + "' (group, --group): use 1 to 64 letters, "
                    + "digits, '-', '_' or '.'");
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(limits, "limits");
        raft = Objects.requireNonNull(raft, "raft").withSnapshotThresholdBytes(snapshotThresholdBytes);
        Objects.requireNonNull(controller, "controller");
        if (!GROUP.matcher(controller).matches()) {
            throw new ConfigException("bad controller cluster name '" + controller + "' (controller, --controller): "
                    + "use 1 to 64 letters, digits, '-', '_' or '.'");
        }
        if (shards < 1) {
            throw new ConfigException("shards (--shards) must be at least 1, was " + shards);
        }
        if (role == ServerRole.SHARD) {
            if (controllers == null) {
                throw new ConfigException("a shard group server needs the controller servers: give ctrlers "
                        + "(--ctrlers host:port,...)");
            }
            if (!controllers.namedByAddress()) {
                throw new ConfigException("controllers are named by their address: list ctrlers (--ctrlers) as "
                        + "host:port,host:port,...; got " + controllers);
            }
            if (!peers.namedByAddress()) {
                throw new ConfigException("shard group servers are named by their address, so that other groups "
                        + "can reach them from a configuration: list peers (--peers) as host:port,host:port,... and "
                        + "set node.id (--id) to this server's host:port; got " + peers);
            }
        } else if (role == ServerRole.CTRLER && !peers.namedByAddress()) {
            throw new ConfigException("controller servers are named by their address, so that shard group servers "
                    + "and clients can reach them from --ctrlers: list peers (--peers) as host:port,host:port,... and "
                    + "set node.id (--id) to this server's host:port; got " + peers);
        }
        if (role != ServerRole.SHARD && controllers != null) {
            throw new ConfigException("ctrlers (--ctrlers) is for shard group servers only, not for a " + role.label()
                    + " server");
        }
        http = Objects.requireNonNull(http, "http").strip();
        if (!http.isEmpty()) {
            httpSocket(http);
        }
        if (snapshotThresholdBytes < 0) {
            throw new ConfigException("snapshot.threshold (--snapshot-threshold) must be >= 0 bytes (0 = never), was "
                    + snapshotThresholdBytes);
        }
    }

    /**
     * The id of the cluster this server belongs to: {@code cluster.id} when given, else derived from the cluster
     * token and the cluster's initial members: the group's peers for a KV server; the controllers for a controller
     * or a shard group server, so that a sharded deployment (its controllers and every shard group) is one cluster.
     */
    public ClusterId clusterId() {
        return cluster.idOf(initialMembers().addresses());
    }

    /** Where {@link #clusterId()} comes from, for messages. */
    public String clusterIdOrigin() {
        return cluster.origin(role == ServerRole.SHARD ? "the controllers (ctrlers, --ctrlers)" : "peers (--peers)");
    }

    private PeerList initialMembers() {
        return role == ServerRole.SHARD ? controllers : peers;
    }

    /** These settings with the HTTP listener on {@code hostPort} ({@code http.listen}), or none when empty. */
    public ServerConfig withHttp(String hostPort) {
        return new ServerConfig(id, group, peers, listen, dataDir, store, storeOptions, transportOptions,
                snapshotThresholdBytes, fsync, role, controller, controllers, shards, cluster, space, raft, limits,
                join, hostPort, logOptions);
    }

    /** Where the HTTP listener binds ({@link #http()}), or empty when the node has none. */
    public Optional<InetSocketAddress> httpAddress() {
        if (http.isEmpty()) {
            return Optional.empty();
        }
        InetSocketAddress a = httpSocket(http);
        return Optional.of(new InetSocketAddress(a.getHostString(), a.getPort()));
    }

    /** {@code host:port} (an IPv6 host in brackets) as a socket address; port 0 picks a free port. */
    private static InetSocketAddress httpSocket(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon <= 0 ? "" : hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new ConfigException("bad http.listen (--http) '" + hostPort + "': give HOST:PORT, e.g. "
                    + "127.0.0.1:9101 (port 0 picks a free port)");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** This node's address as its peers know it. */
    public String advertisedAddress() {
        return peers.addressOf(id);
    }

    /**
     * The transport's address map: every peer and controller, with this node's entry replaced by the address it
     * listens on. (Servers of other shard groups need no entry: they are named by their address.)
     */
    public Map<NodeId, String> transportAddresses() {
        var map = new LinkedHashMap<NodeId, String>();
        if (controllers != null) {
            map.putAll(controllers.addresses());
        }
        map.putAll(peers.addresses());
        map.put(id, listen);
        return map;
    }
}

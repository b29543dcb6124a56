package io.eraft.dist.demo;

import io.eraft.api.raft.RaftException;
import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.ClientAccess;
import io.eraft.dist.client.ShardedClient;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.NodeStatus;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerRole;
import io.eraft.shardkv.ctrler.ShardConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A sharded cluster in this process: a controller of C servers and groups of N shard servers, each an
 * {@link EraftServer} with its own netty transport on loopback (one I/O thread), segmented log and store, as
 * {@code eraft ctrler} and {@code eraft server --ctrlers} run them. Groups are named {@code g1}, {@code g2}, ... in the
 * order they are added; every server is named by its address. Adding a group starts its servers; joining it gives
 * it shards. Used by {@code eraft demo} and {@code eraft bench-shard}.
 *
 * <p>Node data: {@code dir/ctrler-i} and {@code dir/gK-i}. Not thread-safe: one thread drives it ({@link #status()}
 * may be called from any thread).
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class LocalShardedCluster implements AutoCloseable {
    /** The controller cluster's name. */
    public static final String CONTROLLER = ServerConfig.DEFAULT_CONTROLLER;
    private static final Map<String, String> TRANSPORT_OPTIONS = Map.of("io-threads", "1");
    private static final long SNAPSHOT_THRESHOLD = 64L << 20;
    private static final Duration LEADER_WAIT = Duration.ofSeconds(30);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What to start.
     *
     * @param dir         where the nodes keep their data
     * @param host        the loopback address the nodes listen on
     * @param basePort    the controllers listen on {@code basePort ...}, then each group's servers on the next N
     *                    ports; 0 lets the OS choose free ports
     * @param controllers controller servers
     * @param groupSize   servers per group
     * @param shards      the cluster's number of shards
     * @param store       the store provider
     * @param fsync       whether the Raft logs fsync before acknowledging
     */
    public record Options(Path dir, String host, int basePort, int controllers, int groupSize, int shards,
                          String store, boolean fsync, boolean http) {
        /** A layout whose servers serve no HTTP (and record no metrics). */
        public Options(Path dir, String host, int basePort, int controllers, int groupSize, int shards,
                       String store, boolean fsync) {
            this(dir, host, basePort, controllers, groupSize, shards, store, fsync, false);
        }

        public Options {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(store, "store");
            if (basePort < 0 || basePort > 65_535) {
                throw new IllegalArgumentException("base port must be 0 (free ports) or in 1..65535, was " + basePort);
            }
            if (controllers < 1 || groupSize < 1) {
                throw new IllegalArgumentException("a cluster needs at least 1 controller and 1 server per group, "
                        + "was " + controllers + " and " + groupSize);
            }
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be >= 1, was " + shards);
            }
        }

        /** 3 controllers and groups of 3 on free loopback ports, 16 shards, LevelDB, fsync on. */
        public static Options defaults(Path dir) {
            return new Options(dir, "127.0.0.1", 0, 3, 3, ServerConfig.DEFAULT_SHARDS, "leveldb", true);
        }

        public Options withStore(String name) {
            return new Options(dir, host, basePort, controllers, groupSize, shards, name, fsync, http);
        }

        public Options withFsync(boolean on) {
            return new Options(dir, host, basePort, controllers, groupSize, shards, store, on, http);
        }

        public Options withShards(int count) {
            return new Options(dir, host, basePort, controllers, groupSize, count, store, fsync, http);
        }

        /**
         * With {@code on}, every server records metrics and serves HTTP on a free port of {@code host}
         * ({@code /metrics}, {@code /health}, the console), so the console shows each group's live figures.
         */
        public Options withHttp(boolean on) {
            return new Options(dir, host, basePort, controllers, groupSize, shards, store, fsync, on);
        }

        public Options withSizes(int controllerCount, int serversPerGroup) {
            return new Options(dir, host, basePort, controllerCount, serversPerGroup, shards, store, fsync, http);
        }
    }

    private final Options options;
    private final PeerList controllers;
    private final List<EraftServer> controllerServers = new ArrayList<>();
    private final Map<String, List<EraftServer>> groups = new LinkedHashMap<>();
    private int nextPort;
    private ShardedClient client;

    private LocalShardedCluster(Options options) {
        this.options = options;
        this.nextPort = options.basePort();
        this.controllers = addresses(ports(options.controllers()));
    }

    /**
     * Starts the controller servers and waits until they have a leader.
     *
     * @throws io.eraft.dist.server.ServerStartException when a server cannot start (e.g. its port is in use)
     * @throws RaftException when the controllers elect no leader within 30 s
     */
    public static LocalShardedCluster start(Options options) throws InterruptedException {
        LocalShardedCluster cluster = new LocalShardedCluster(options);
        try {
            for (int i = 0; i < cluster.controllers.ids().size(); i++) {
                NodeId id = cluster.controllers.ids().get(i);
                cluster.controllerServers.add(EraftServer.start(new ServerConfig(id, CONTROLLER, cluster.controllers,
                        id.value(), options.dir().resolve(CONTROLLER + "-" + (i + 1)), options.store(), Map.of(),
                        TRANSPORT_OPTIONS, SNAPSHOT_THRESHOLD, options.fsync(), ServerRole.CTRLER, CONTROLLER, null,
                        options.shards()).withHttp(cluster.httpListen())));
            }
            awaitLeader(CONTROLLER, cluster.controllerServers);
            // an admin: its joins and leaves are admin operations; its load uses the client protocol
            cluster.client = ShardedClient.connect(cluster.controllers, CONTROLLER, ClientAccess.ADMIN,
                    CLIENT_TIMEOUT);
            return cluster;
        } catch (RuntimeException | InterruptedException e) {
            cluster.closeQuietly(e);
            throw e;
        }
    }

    /**
     * Starts the next group ({@code g1}, {@code g2}, ...) without joining it, and waits until it has a leader.
     *
     * @return the group's id
     * @throws io.eraft.dist.server.ServerStartException when a server cannot start
     * @throws RaftException when the group elects no leader within 30 s
     */
    public String addGroup() throws InterruptedException {
        String group = "g" + (groups.size() + 1);
        PeerList members = addresses(ports(options.groupSize()));
        List<EraftServer> started = new ArrayList<>();
        groups.put(group, started);
        for (int i = 0; i < members.ids().size(); i++) {
            NodeId id = members.ids().get(i);
            started.add(EraftServer.start(new ServerConfig(id, group, members, id.value(),
                    options.dir().resolve(group + "-" + (i + 1)), options.store(), Map.of(), TRANSPORT_OPTIONS,
                    SNAPSHOT_THRESHOLD, options.fsync(), ServerRole.SHARD, CONTROLLER, controllers,
                    options.shards()).withHttp(httpListen())));
        }
        awaitLeader(group, started);
        return group;
    }

    /** Where a server's HTTP listener binds: a free port of the cluster's host, or "" (none). */
    private String httpListen() {
        return options.http() ? options.host() + ":0" : "";
    }

    /** Asks the controller to add the groups (started with {@link #addGroup()}); returns the new configuration. */
    public ShardConfig join(String... groupIds) {
        Map<String, List<NodeId>> join = new LinkedHashMap<>();
        for (String g : groupIds) {
            join.put(g, members(g).ids());
        }
        return client.controller().join(join);
    }

    /** Asks the controller to remove the groups (their servers keep running); returns the new configuration. */
    public ShardConfig leave(String... groupIds) {
        for (String g : groupIds) {
            members(g);
        }
        return client.controller().leave(Arrays.asList(groupIds));
    }

    /** The controller servers, as {@code --ctrlers} takes them. */
    public PeerList controllers() {
        return controllers;
    }

    /** The servers of a started group. @throws IllegalArgumentException for a group never added */
    public PeerList members(String group) {
        List<EraftServer> servers = groups.get(group);
        if (servers == null) {
            throw new IllegalArgumentException("no group '" + group + "' was started; started: " + groups.keySet());
        }
        return servers.get(0).config().peers();
    }

    /** The groups started so far, in order. */
    public List<String> groups() {
        return List.copyOf(groups.keySet());
    }

    /** The cluster's client: controller clerk, routing clerks, transport. */
    public ShardedClient client() {
        return client;
    }

    public Options options() {
        return options;
    }

    /** Every group's status from its leader, in group order. */
    public List<GroupStatus> status() {
        List<GroupStatus> out = new ArrayList<>();
        groups.forEach((g, servers) -> out.add(statusOf(g, servers)));
        return out;
    }

    /** The controllers' status from their leader (its configuration number is the latest). */
    public GroupStatus controllerStatus() {
        return statusOf(CONTROLLER, controllerServers);
    }

    /** Every node's own status, controllers first, then the groups in order. */
    public List<NodeStatus> nodeStatuses() {
        List<NodeStatus> out = new ArrayList<>();
        controllerServers.forEach(s -> out.add(s.status()));
        groups.values().forEach(servers -> servers.forEach(s -> out.add(s.status())));
        return out;
    }

    /** Whether every started group has applied configuration {@code num} and serves every shard it holds. */
    public boolean settledAt(long num) {
        return status().stream().allMatch(s -> s.settledAt(num));
    }

    /**
     * Waits (polling every 20 ms) until {@link #settledAt} {@code num}.
     *
     * @return whether it settled within {@code timeout}
     */
    public boolean awaitSettled(long num, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!settledAt(num)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static GroupStatus statusOf(String group, List<EraftServer> servers) {
        NodeStatus leader = null;
        for (EraftServer s : servers) {
            NodeStatus st = s.status();
            if (st.role() == Role.LEADER && (leader == null || st.term() > leader.term())) {
                leader = st;
            }
        }
        return leader == null ? GroupStatus.leaderless(group)
                : new GroupStatus(group, leader.id(), leader.term(), leader.configNum(), leader.shards());
    }

    private static void awaitLeader(String group, List<EraftServer> servers) throws InterruptedException {
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        while (statusOf(group, servers).leader() == null) {
            if (System.nanoTime() - deadline >= 0) {
                throw new RaftException("group '" + group + "' elected no leader within " + LEADER_WAIT.toSeconds()
                        + " s; see the log above for its servers' errors");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Servers named by their address, in the order of {@code ports}. */
    private PeerList addresses(List<Integer> ports) {
        Map<NodeId, String> out = new LinkedHashMap<>();
        for (int port : ports) {
            String address = options.host() + ":" + port;
            out.put(NodeId.of(address), address);
        }
        return new PeerList(out);
    }

    /** The next {@code count} ports of the plan, or free ones the OS chose. */
    private List<Integer> ports(int count) {
        if (options.basePort() == 0) {
            return freePorts(count);
        }
        if (nextPort + count - 1 > 65_535) {
            throw new IllegalArgumentException("base port " + options.basePort() + " leaves no room for " + count
                    + " more servers below 65536; choose a lower base port");
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(nextPort++);
        }
        return out;
    }

    private List<Integer> freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            InetAddress host = InetAddress.getByName(options.host());
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, host));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + count + " free ports on " + options.host(), e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // released either way
                }
            }
        }
    }

    /** Closes the client, then every group's servers, then the controllers. */
    @Override
    public void close() {
        RuntimeException failure = null;
        if (client != null) {
            client.close();
            client = null;
        }
        List<EraftServer> all = new ArrayList<>();
        groups.values().forEach(all::addAll);
        all.addAll(controllerServers);
        for (EraftServer s : all) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        groups.clear();
        controllerServers.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private void closeQuietly(Exception cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** A one-line view of the groups, e.g. "g1: 8 shards | g2: 8 shards, 3 PULLING". */
    public static String describe(Collection<GroupStatus> statuses) {
        return String.join(" | ", statuses.stream().map(GroupStatus::describe).toList());
    }
}

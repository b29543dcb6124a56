package io.eraft.shardkv.shard.testing;

import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyValue;
import io.eraft.api.cluster.ClusterId;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.ctrler.ControllerServer;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.ctrler.testing.Replicas;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.kv.SessionPolicy;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.ModuleReads;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.shard.ShardClerk;
import io.eraft.shardkv.shard.ShardGroupSpec;
import io.eraft.shardkv.shard.ShardServer;
import io.eraft.transport.inprocess.InProcessNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A sharded cluster in one JVM on one in-process network: three controllers and any number of shard groups of three
 * servers, each server with its own memory log and store of the chosen kind (see {@link Replicas}).
 */
public final class ShardCluster implements AutoCloseable {
    public static final String CONTROLLER = "ctrler";
    private static final List<NodeId> CONTROLLERS = List.of(NodeId.of("m0"), NodeId.of("m1"), NodeId.of("m2"));
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(40);

    static {
        ModuleReads.ensure();
    }

    private final InProcessNetwork network;
    private final StoreKind kind;
    private final TestSeed seed;
    private final Path dir;
    private final int shards;
    private final int chunkBytes;
    private final RaftConfig config;
    private final Metrics metrics;
    private final Replicas<ControllerServer> controllers;
    private final Map<String, Replicas<ShardServer>> groups = new LinkedHashMap<>();
    private final List<AutoCloseable> clientTransports = new ArrayList<>();
    private final ControllerClerk admin;
    private int clients;

    /** Starts the controllers, with 256-byte migration chunks; groups start with {@link #startGroup}. */
    public ShardCluster(StoreKind kind, TestSeed seed, Path dir, int shards, long snapshotThresholdBytes) {
        this(kind, seed, dir, shards, snapshotThresholdBytes, 256);
    }

    /** Starts the controllers; groups start with {@link #startGroup} and migrate in chunks of {@code chunkBytes}. */
    public ShardCluster(StoreKind kind, TestSeed seed, Path dir, int shards, long snapshotThresholdBytes,
                        int chunkBytes) {
        this(kind, seed, dir, shards, snapshotThresholdBytes, chunkBytes, Metrics.NOOP);
    }

    /**
     * Starts the controllers; groups start with {@link #startGroup} and migrate in chunks of {@code chunkBytes}.
     * Every server (controllers too) records to {@code metrics}, labelled with its group and node.
     */
    public ShardCluster(StoreKind kind, TestSeed seed, Path dir, int shards, long snapshotThresholdBytes,
                        int chunkBytes, Metrics metrics) {
        this.metrics = metrics;
        this.chunkBytes = chunkBytes;
        this.kind = kind;
        this.seed = seed;
        this.dir = dir;
        this.shards = shards;
        this.network = InProcessNetwork.create(seed.derive(7));
        this.config = KvCluster.testConfig().withSnapshotThresholdBytes(snapshotThresholdBytes);
        this.controllers = new Replicas<>(CONTROLLER, CONTROLLERS, network, kind, config, SessionPolicy.DEFAULT,
                dir, seed, spec -> ControllerServer.start(labelled(spec), shards), ControllerServer::raft);
        this.admin = controllerClerk("admin");
    }

    public InProcessNetwork network() {
        return network;
    }

    public ControllerClerk admin() {
        return admin;
    }

    /** Starts group {@code gid} (servers {@code gid-0..2}); it serves nothing until it joins. */
    public synchronized Replicas<ShardServer> startGroup(String gid) {
        List<NodeId> ids = List.of(NodeId.of(gid + "-0"), NodeId.of(gid + "-1"), NodeId.of(gid + "-2"));
        Replicas<ShardServer> g = new Replicas<>(gid, ids, network, kind, config, SessionPolicy.DEFAULT, dir, seed,
                spec -> ShardServer.start(new ShardGroupSpec(labelled(spec), shards, CONTROLLER, CONTROLLERS,
                        Duration.ofMillis(30), chunkBytes)), ShardServer::raft);
        groups.put(gid, g);
        return g;
    }

    /** {@code spec} recording to this cluster's metrics, labelled with its group and node. */
    private KvServerSpec labelled(KvServerSpec spec) {
        return spec.withMetrics(metrics.withLabels("group", spec.groupId(), "node", spec.self().value()));
    }

    public synchronized Replicas<ShardServer> group(String gid) {
        return groups.get(gid);
    }

    /** Joins started groups through the controller. */
    public ShardConfig join(String... gids) {
        Map<String, List<NodeId>> joining = new LinkedHashMap<>();
        for (String gid : gids) {
            joining.put(gid, group(gid).ids());
        }
        return admin.join(joining);
    }

    public ShardConfig leave(String... gids) {
        return admin.leave(List.of(gids));
    }

    /** A controller clerk on a new client node. */
    public synchronized ControllerClerk controllerClerk(String name) {
        return ControllerClerk.create(network.join(NodeId.of("ctl-" + name + "-" + clients++)), CONTROLLER,
                CONTROLLERS, KvCluster.testClerkOptions(), seed.derive(1_000 + clients));
    }

    /**
     * The transport of a new node that connects in {@code role} (a tool or client of no particular cluster); the
     * servers' channels admit it or refuse it by their access.
     */
    public synchronized Transport transport(String name, Access role) {
        return network.join(NodeId.of(name + "-" + clients++), ClusterId.UNKNOWN, role);
    }

    /** A controller clerk over {@code transport}. */
    public synchronized ControllerClerk controllerClerk(Transport transport) {
        return ControllerClerk.create(transport, CONTROLLER, CONTROLLERS, KvCluster.testClerkOptions(),
                seed.derive(1_000 + clients++));
    }

    /** A shard clerk on a new client node, with the given operation timeout. */
    public ShardClerk clerk(Duration operationTimeout) {
        return clerk(KvCluster.testClerkOptions().withOperationTimeout(operationTimeout));
    }

    /** A shard clerk on a new client node, with the given options. */
    public synchronized ShardClerk clerk(ClerkOptions options) {
        NodeId node = NodeId.of("client-" + clients++);
        return ShardClerk.create(network.join(node), controllerClerk("for-" + node.value()), options,
                seed.derive(2_000 + clients));
    }

    /**
     * Waits until every running server of every joined group has applied configuration {@code num} and settled
     * (all shards serving or not held: migration and garbage collection done).
     */
    public void awaitSettled(long num) {
        boolean ok = Poll.until(SETTLE_WAIT, () -> {
            for (Replicas<ShardServer> g : groupsList()) {
                for (ShardServer s : g.servers()) {
                    if (s.stateMachine().current().num() < num || !s.stateMachine().settled()) {
                        return false;
                    }
                }
            }
            return true;
        });
        if (!ok) {
            throw new AssertionError("groups did not settle at configuration " + num + " within " + SETTLE_WAIT
                    + ": " + describe() + " [" + kind + ", " + seed.replayHint() + "]");
        }
    }

    /** Per running server: its configuration number and shard phases. */
    public String describe() {
        return groupsList().stream().flatMap(g -> g.servers().stream())
                .map(s -> s + " c" + s.stateMachine().current().num() + " " + s.stateMachine().phases())
                .collect(Collectors.joining("; "));
    }

    /** How many user data entries server {@code id} of group {@code gid} stores, over all shards. */
    public long dataEntries(String gid, NodeId id) {
        long n = 0;
        try (CloseableIterator<KeyValue> it = group(gid).store(id).scanPrefix(new byte[] {'h'})) {
            while (it.hasNext()) {
                if (it.next().key()[5] == 'd') {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * The Raft state and snapshot bytes of server {@code id} of group {@code gid}: its log's bytes plus the size of
     * the snapshot it would send now (streamed from its store).
     */
    public long raftAndSnapshotBytes(String gid, NodeId id) {
        Replicas<ShardServer> g = group(gid);
        try (SnapshotSource source = g.server(id).stateMachine().openSnapshot(); InputStream in = source.data()) {
            return g.logBytes(id) + in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("streaming the snapshot of " + gid + "/" + id + " failed", e);
        }
    }

    private synchronized List<Replicas<ShardServer>> groupsList() {
        return new ArrayList<>(groups.values());
    }

    @Override
    public synchronized void close() {
        for (Replicas<ShardServer> g : groups.values()) {
            g.close();
        }
        controllers.close();
        network.close();
    }
}

package io.eraft.shardkv.kv.testing;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.persister.MemoryLogStore;
import io.eraft.persister.MemoryLogStoreProvider;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.kv.SessionPolicy;
import io.eraft.shardkv.space.FreeSpace;
import io.eraft.shardkv.space.SpaceSettings;
import io.eraft.transport.inprocess.InProcessNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A KV group of n servers in one JVM on a private in-process network (after MIT 6.824's kvraft tester): each server
 * has its own memory Raft log (a crash keeps only what was synced), its own store of the chosen {@link StoreKind}
 * and its own transport; each client has its own node on the network, so partitions can place clients on either
 * side. It crashes and restarts servers, partitions and heals the network, and makes it unreliable.
 *
 * <p>Crash: stop the server, crash its log, close its store (what was written stays, as after a process crash) and
 * its transport. Restart: reopen all three and start a new server, which resumes from the store's applied index.
 */
public final class KvCluster implements AutoCloseable {
    /** The group name the servers serve. */
    public static final String GROUP = "kv";

    private static final Logger LOG = LoggerFactory.getLogger(KvCluster.class);
    private static final Duration LEADER_WAIT = Duration.ofSeconds(15);

    static {
        ModuleReads.ensure();
    }

    private final TestSeed seed;
    private final StoreKind storeKind;
    private final RaftConfig config;
    private final SessionPolicy sessions;
    private final KvLimits limits;
    private final SpaceSettings space;
    private final FreeSpace freeSpace;
    private final ClerkOptions clerkOptions;
    private final Metrics metrics;
    private final Path baseDir;
    private final InProcessNetwork network;
    private volatile List<NodeId> servers;
    private final Map<NodeId, Node> nodes = new LinkedHashMap<>();
    private final List<Transport> clientTransports = new ArrayList<>();
    private final Random clientIds;
    private int clients;
    private int restartsFromSnapshot;
    private boolean closed;

    /** A running client: its node on the network and its clerk. */
    public record Client(NodeId node, KvClerk clerk) {
    }

    private static final class Node {
        final NodeId id;
        final int ordinal;
        final Path logDir;
        final Path storeDir;
        final Path workDir;
        volatile Incarnation current;
        int starts;
        boolean joining;

        Node(NodeId id, int ordinal, Path dir) {
            this.id = id;
            this.ordinal = ordinal;
            this.logDir = dir.resolve("log");
            this.storeDir = dir.resolve("store");
            this.workDir = dir.resolve("work");
        }
    }

    private record Incarnation(KvServer server, LogStore log, StateMachineStore store) {
    }

    private KvCluster(Builder b, Path baseDir) {
        this.seed = b.seed;
        this.storeKind = b.storeKind;
        this.config = testConfig().toBuilder().maxAppendBytes(b.maxEntryBytes)
                .snapshotThresholdBytes(b.snapshotThresholdBytes).leaseRead(b.leaseRead).build();
        this.sessions = b.sessions;
        this.limits = b.limits;
        this.space = b.space;
        this.freeSpace = b.freeSpace;
        this.clerkOptions = b.clerkOptions;
        this.metrics = b.metrics;
        this.baseDir = baseDir;
        this.network = InProcessNetwork.create(seed.derive(-1));
        this.clientIds = seed.random(-2);
        List<NodeId> ids = new ArrayList<>();
        for (int i = 0; i < b.servers; i++) {
            NodeId id = NodeId.of("s" + i);
            ids.add(id);
            nodes.put(id, new Node(id, i, baseDir.resolve(id.value())));
        }
        this.servers = List.copyOf(ids);
    }

    /** A builder of a cluster of {@code servers} servers on {@code storeKind} stores, seeded by {@code seed}. */
    public static Builder builder(int servers, StoreKind storeKind, TestSeed seed) {
        return new Builder(servers, storeKind, seed);
    }

    /**
     * The scenarios' Raft timing: 10 ms ticks, elections after 200-400 ms, heartbeats every 50 ms, pre-vote and
     * check-quorum on, 500 ms RPC timeout, the product's largest entry (1 MiB: room for the largest command the
     * default KV limits allow); no automatic snapshots unless the builder sets a threshold.
     */
    public static RaftConfig testConfig() {
        return RaftConfig.builder().tick(Duration.ofMillis(10)).electionTicks(20).heartbeatTicks(5)
                .maxInflightAppends(16).maxInflightBytes(8L << 20).maxEntryCacheBytes(16L << 20)
                .maxPendingProposals(10_000).snapshotChunkBytes(64 << 10).snapshotThresholdBytes(0)
                .requestTimeout(Duration.ofMillis(500)).build();
    }

    /** The clerks' settings in the scenarios: 300 ms per attempt, 20 s per operation. */
    public static ClerkOptions testClerkOptions() {
        return ClerkOptions.DEFAULT.withRequestTimeout(Duration.ofMillis(300))
                .withOperationTimeout(Duration.ofSeconds(20));
    }

    // ---------------------------------------------------------------- identity

    public TestSeed seed() {
        return seed;
    }

    public StoreKind storeKind() {
        return storeKind;
    }

    public RaftConfig config() {
        return config;
    }

    /** The servers' ids, s0 .. s(n-1), then joined servers, without retired ones. */
    public List<NodeId> servers() {
        return servers;
    }

    public InProcessNetwork network() {
        return network;
    }

    /** The longest an election timeout can be. */
    public Duration electionTimeout() {
        return config.tick().multipliedBy(2L * config.electionTicks());
    }

    public boolean isUp(NodeId id) {
        return node(id).current != null;
    }

    /** Server {@code id}, which must be up. */
    public KvServer server(NodeId id) {
        return running(id).server();
    }

    /** Server {@code id}'s Raft status; empty while it is down. */
    public Optional<RaftStatus> status(NodeId id) {
        Incarnation inc = node(id).current;
        if (inc == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(inc.server().status());
        } catch (RuntimeException e) {
            return Optional.empty(); // crashed by another thread while we asked
        }
    }

    /** The bytes server {@code id}'s Raft log holds: the Raft state that snapshots keep small. */
    public long raftStateBytes(NodeId id) {
        return running(id).log().sizeInBytes();
    }

    /** How many server starts began with a compacted log, so resumed from the store's state. */
    public synchronized int restartsFromSnapshot() {
        return restartsFromSnapshot;
    }

    /** The size of the snapshot server {@code id} would send now, streamed from its store. */
    public long snapshotBytes(NodeId id) {
        try (SnapshotSource source = server(id).stateMachine().openSnapshot();
             InputStream in = source.data()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("streaming the snapshot of " + id + " failed", e);
        }
    }

    // ---------------------------------------------------------------- clients

    /** A new client: a node of its own on the network and a clerk with {@link #testClerkOptions()}. */
    public synchronized Client client() {
        return client(clerkOptions);
    }

    /** A new client whose clerk uses {@code options}. */
    public synchronized Client client(ClerkOptions options) {
        NodeId node = NodeId.of("c" + clients++);
        Transport t = network.join(node);
        clientTransports.add(t);
        return new Client(node, KvClerk.create(t, GROUP, servers, options, clientIds.nextLong()));
    }

    /** A raw transport of a new client node, for hand-made requests. */
    public synchronized Transport clientTransport() {
        Transport t = network.join(NodeId.of("c" + clients++));
        clientTransports.add(t);
        return t;
    }

    /**
     * A raw transport of a new client node that connects in {@code role} (a tool of no particular cluster): the
     * servers' channels admit it or refuse it by their access, as for a netty connection claiming that role.
     */
    public synchronized Transport clientTransport(Access role) {
        Transport t = network.join(NodeId.of("c" + clients++), ClusterId.UNKNOWN, role);
        clientTransports.add(t);
        return t;
    }

    // ---------------------------------------------------------------- faults

    /** Splits the nodes (servers and clients) into sides that cannot reach each other. */
    public void partition(Collection<? extends Collection<NodeId>> sides) {
        network.partition(sides);
    }

    /** Connects everything again. */
    public void heal() {
        network.heal();
    }

    /** Unreliable: about 10% of messages lost, the rest delayed by up to 26 ms. */
    public void setReliable(boolean reliable) {
        network.setReliable(reliable);
    }

    /** Crashes server {@code id}: stops it, loses its unsynced log writes, closes its store and transport. */
    public synchronized void crash(NodeId id) {
        Node n = node(id);
        Incarnation inc = running(id);
        n.current = null;
        inc.server().close();
        ((MemoryLogStore) inc.log()).crash();
        inc.store().close();
        network.crash(id);
        LOG.debug("crashed {}", id);
    }

    /** Restarts a crashed server from its log and store. */
    public synchronized void restart(NodeId id) {
        Node n = node(id);
        if (n.current != null) {
            throw new IllegalStateException(id + " is running; crash it before restarting it");
        }
        launch(n);
        LOG.debug("restarted {}", id);
    }

    /**
     * Starts a new, empty server that joins the group (it waits until a membership change adds it) and counts it
     * among {@link #servers()} from now on (so restarts and leader waits include it); returns its id.
     */
    public synchronized NodeId startJoiningServer() {
        int ordinal = nodes.size();
        NodeId id = NodeId.of("s" + ordinal);
        Node n = new Node(id, ordinal, baseDir.resolve(id.value()));
        n.joining = true;
        List<NodeId> next = new ArrayList<>(servers);
        next.add(id);
        launch(n);
        nodes.put(id, n);
        servers = List.copyOf(next);
        LOG.info("started joining server {}", id);
        return id;
    }

    /** Stops server {@code id} for good (it was removed from the group) and no longer counts it among the servers. */
    public synchronized void retire(NodeId id) {
        if (isUp(id)) {
            crash(id);
        }
        servers = servers.stream().filter(s -> !s.equals(id)).toList();
        LOG.info("retired server {}", id);
    }

    /** Crashes every server that is up. */
    public synchronized void crashAll() {
        for (NodeId id : servers) {
            if (isUp(id)) {
                crash(id);
            }
        }
    }

    /** Restarts every server that is down. */
    public synchronized void restartAll() {
        for (NodeId id : servers) {
            if (!isUp(id)) {
                restart(id);
            }
        }
    }

    // ---------------------------------------------------------------- checks

    /** Waits until one server leads in the highest term among the servers that are up, and returns it. */
    public NodeId awaitLeader() {
        return Leaders.await(LEADER_WAIT, servers, this::status)
                .orElseThrow(() -> failure("no leader within " + LEADER_WAIT + "; " + describe()));
    }

    /** One line per server: role, term, indexes, log bytes. */
    public String describe() {
        return servers.stream().map(id -> status(id).map(s -> id + ": " + s.role() + " t" + s.term() + " leader="
                        + s.leader() + " commit=" + s.commitIndex() + " applied=" + s.appliedIndex() + " log=["
                        + s.firstLogIndex() + ".." + s.lastLogIndex() + "] " + s.logBytes() + "B")
                .orElse(id + ": down"))
                .collect(Collectors.joining(" | ", "servers: ", ""));
    }

    /** An AssertionError whose message names the store and the seed to replay. */
    public AssertionError failure(String message) {
        return new AssertionError(message + " [" + storeKind + ", " + seed.replayHint() + "]");
    }

    // ---------------------------------------------------------------- lifecycle

    private synchronized KvCluster startAll() {
        for (Node n : nodes.values()) {
            launch(n);
        }
        LOG.info("started {} servers on {} stores, {}", servers.size(), storeKind, seed.replayHint());
        return this;
    }

    private void launch(Node n) {
        LogStore log = LogStoreProvider.byName("memory").open(n.logDir, Map.of());
        if (log.snapshotMeta().index() > 0) {
            restartsFromSnapshot++; // the log was compacted: the server must resume from its store
        }
        StateMachineStore store = null;
        Transport transport = null;
        try {
            store = storeKind.open(n.storeDir);
            Files.createDirectories(n.workDir);
            transport = network.join(n.id);
            long raftSeed = seed.derive(1_000_000L * (n.ordinal + 1) + n.starts++);
            List<NodeId> members = n.joining ? servers.stream().filter(id -> !id.equals(n.id)).toList() : servers;
            KvServerSpec spec = KvServerSpec.of(GROUP, n.id, members, config, transport, log, store, n.workDir,
                    raftSeed).withSessions(sessions).withLimits(limits)
                    .withMetrics(metrics.withLabels("group", GROUP, "node", n.id.value()));
            if (n.joining) {
                spec = spec.asJoining();
            }
            if (space != null) {
                spec = spec.withSpace(space, freeSpace);
            }
            n.current = new Incarnation(KvServer.start(spec), log, store);
        } catch (IOException | RuntimeException e) {
            log.close();
            if (store != null) {
                store.close();
            }
            if (transport != null) {
                network.crash(n.id);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot create " + n.workDir, io);
            }
            throw (RuntimeException) e;
        }
    }

    private Node node(NodeId id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no server " + id + " in " + servers);
        }
        return n;
    }

    private Incarnation running(NodeId id) {
        Incarnation inc = node(id).current;
        if (inc == null) {
            throw new IllegalStateException(id + " is down");
        }
        return inc;
    }

    /** Stops every server, closes logs, stores, client transports and the network, and deletes the files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> errors = new ArrayList<>();
        for (Transport t : clientTransports) {
            quietly(errors, t::close);
        }
        for (Node n : nodes.values()) {
            Incarnation inc = n.current;
            n.current = null;
            if (inc != null) {
                quietly(errors, inc.server()::close);
                quietly(errors, inc.log()::close);
                quietly(errors, inc.store()::close);
            }
            quietly(errors, () -> MemoryLogStoreProvider.forget(n.logDir));
        }
        quietly(errors, network::close);
        quietly(errors, () -> deleteTree(baseDir));
        if (!errors.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing the cluster failed: " + errors.get(0),
                    errors.get(0));
            errors.subList(1, errors.size()).forEach(e::addSuppressed);
            throw e;
        }
    }

    private static void quietly(List<RuntimeException> errors, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Settings of a cluster to build. */
    public static final class Builder {
        private final int servers;
        private final StoreKind storeKind;
        private final TestSeed seed;
        private long snapshotThresholdBytes;
        private boolean leaseRead;
        private long maxEntryBytes = testConfig().maxAppendBytes();
        private SessionPolicy sessions = SessionPolicy.DEFAULT;
        private KvLimits limits = KvLimits.DEFAULT;
        private SpaceSettings space; // null: the product default, watching the server's work directory
        private FreeSpace freeSpace;
        private ClerkOptions clerkOptions = testClerkOptions();
        private Metrics metrics = Metrics.NOOP;
        private Path parentDir; // null: the system's temporary directory

        private Builder(int servers, StoreKind storeKind, TestSeed seed) {
            if (servers < 1) {
                throw new IllegalArgumentException("a cluster needs at least one server: " + servers);
            }
            this.servers = servers;
            this.storeKind = storeKind;
            this.seed = seed;
        }

        /** Whether reads are confirmed by the leader's lease (raft.lease-read; default off). */
        public Builder leaseRead(boolean on) {
            this.leaseRead = on;
            return this;
        }

        /** Raft log bytes above which a server snapshots (0, the default: never). */
        public Builder snapshotThresholdBytes(long bytes) {
            this.snapshotThresholdBytes = bytes;
            return this;
        }

        /** Raft's maxAppendBytes, the largest log entry (default 1 MiB). */
        public Builder maxEntryBytes(long bytes) {
            this.maxEntryBytes = bytes;
            return this;
        }

        public Builder sessions(SessionPolicy policy) {
            this.sessions = policy;
            return this;
        }

        /** The servers' key and value limits (default {@link KvLimits#DEFAULT}). */
        public Builder limits(KvLimits newLimits) {
            this.limits = newLimits;
            return this;
        }

        /** Every server's space alarm uses {@code settings} and measures free space with {@code free}. */
        public Builder space(SpaceSettings settings, FreeSpace free) {
            this.space = settings;
            this.freeSpace = free;
            return this;
        }

        /** Puts the cluster's directory (logs, stores, work directories) under {@code dir}, e.g. a small file system. */
        public Builder parentDir(Path dir) {
            this.parentDir = dir;
            return this;
        }

        /** Every server records to {@code m}, labelled with its group and node (as a server process labels it). */
        public Builder metrics(Metrics m) {
            this.metrics = m;
            return this;
        }

        public Builder clerkOptions(ClerkOptions options) {
            this.clerkOptions = options;
            return this;
        }

        /** Builds the cluster in a temporary directory (removed on close) and starts every server. */
        public KvCluster start() {
            Path dir;
            try {
                dir = parentDir == null ? Files.createTempDirectory("eraft-kv-cluster-")
                        : Files.createTempDirectory(parentDir, "eraft-kv-cluster-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for the cluster", e);
            }
            KvCluster cluster = new KvCluster(this, dir.toAbsolutePath().normalize());
            try {
                return cluster.startAll();
            } catch (RuntimeException | Error e) {
                try {
                    cluster.close();
                } catch (RuntimeException | Error suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }
}

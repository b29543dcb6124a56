package io.eraft.shardkv.ctrler.testing;

import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.persister.MemoryLogStore;
import io.eraft.persister.MemoryLogStoreProvider;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.kv.SessionPolicy;
import io.eraft.shardkv.kv.testing.Leaders;
import io.eraft.shardkv.kv.testing.ModuleReads;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.transport.inprocess.InProcessNetwork;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One replicated group of servers of any kind (controllers, shard groups) on a shared in-process network: each
 * server with its own memory Raft log, store and transport, crashed and restarted as {@code KvCluster} does (a crash
 * keeps only the synced log and what the store wrote).
 *
 * @param <S> the server type
 */
public final class Replicas<S extends AutoCloseable> implements AutoCloseable {
    private static final Duration LEADER_WAIT = Duration.ofSeconds(15);

    static {
        ModuleReads.ensure();
    }

    /** Starts one server from its spec, and reaches its Raft member. */
    public interface Starter<S> {
        S start(KvServerSpec spec);
    }

    private record Incarnation<S>(S server, LogStore log, StateMachineStore store) {
    }

    private final String groupId;
    private final List<NodeId> ids;
    private final InProcessNetwork network;
    private final StoreKind storeKind;
    private final RaftConfig config;
    private final SessionPolicy sessions;
    private final Path dir;
    private final TestSeed seed;
    private final Starter<S> starter;
    private final Function<S, RaftNode> raftOf;
    private final Map<NodeId, Incarnation<S>> running = new LinkedHashMap<>();
    private final Map<NodeId, Integer> starts = new LinkedHashMap<>();

    /** Starts every server of group {@code groupId} with ids {@code ids}. */
    public Replicas(String groupId, List<NodeId> ids, InProcessNetwork network, StoreKind storeKind,
                    RaftConfig config, SessionPolicy sessions, Path dir, TestSeed seed, Starter<S> starter,
                    Function<S, RaftNode> raftOf) {
        this.groupId = groupId;
        this.ids = List.copyOf(ids);
        this.network = network;
        this.storeKind = storeKind;
        this.config = config;
        this.sessions = sessions;
        this.dir = dir;
        this.seed = seed;
        this.starter = starter;
        this.raftOf = raftOf;
        try {
            ids.forEach(this::restart);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public String groupId() {
        return groupId;
    }

    public List<NodeId> ids() {
        return ids;
    }

    public synchronized boolean isUp(NodeId id) {
        return running.containsKey(id);
    }

    /** Server {@code id}, which must be up. */
    public synchronized S server(NodeId id) {
        return incarnation(id).server();
    }

    /** The servers that are up. */
    public synchronized List<S> servers() {
        return running.values().stream().map(Incarnation::server).toList();
    }

    /** The bytes server {@code id}'s Raft log holds. */
    public synchronized long logBytes(NodeId id) {
        return incarnation(id).log().sizeInBytes();
    }

    /** The last log index server {@code id}'s log dropped for a snapshot (0: none yet). */
    public synchronized long snapshotIndex(NodeId id) {
        return incarnation(id).log().snapshotMeta().index();
    }

    /** The store of server {@code id}, which must be up. */
    public synchronized StateMachineStore store(NodeId id) {
        return incarnation(id).store();
    }

    private Incarnation<S> incarnation(NodeId id) {
        Incarnation<S> inc = running.get(id);
        if (inc == null) {
            throw new IllegalStateException(groupId + "/" + id + " is down");
        }
        return inc;
    }

    /** Crashes server {@code id}: stops it, loses its unsynced log writes, closes its store and transport. */
    public synchronized void crash(NodeId id) {
        Incarnation<S> inc = running.remove(id);
        if (inc == null) {
            throw new IllegalStateException(groupId + "/" + id + " is already down");
        }
        closeQuietly(inc.server());
        ((MemoryLogStore) inc.log()).crash();
        inc.store().close();
        network.crash(id);
    }

    /** Starts (or restarts) server {@code id} from its log and store. */
    public synchronized void restart(NodeId id) {
        if (running.containsKey(id)) {
            throw new IllegalStateException(groupId + "/" + id + " is running; crash it first");
        }
        Path home = dir.resolve(groupId).resolve(id.value());
        LogStore log = LogStoreProvider.byName("memory").open(home.resolve("log"), Map.of());
        StateMachineStore store = null;
        try {
            store = storeKind.open(home.resolve("store"));
            Files.createDirectories(home.resolve("work"));
            Transport transport = network.join(id);
            int n = starts.merge(id, 1, Integer::sum);
            long raftSeed = seed.derive(groupId.hashCode() * 1_000_003L + ids.indexOf(id) * 1_000L + n);
            KvServerSpec spec = KvServerSpec.of(groupId, id, ids, config, transport, log, store,
                    home.resolve("work"), raftSeed).withSessions(sessions);
            running.put(id, new Incarnation<>(starter.start(spec), log, store));
        } catch (IOException | RuntimeException e) {
            log.close();
            if (store != null) {
                store.close();
            }
            network.crash(id);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    public synchronized void crashAll() {
        new ArrayList<>(running.keySet()).forEach(this::crash);
    }

    public synchronized void restartAll() {
        ids.stream().filter(id -> !running.containsKey(id)).forEach(this::restart);
    }

    private synchronized Optional<RaftStatus> status(NodeId id) {
        Incarnation<S> inc = running.get(id);
        return inc == null ? Optional.empty() : Optional.of(raftOf.apply(inc.server()).status());
    }

    /** Waits until a server that is up leads in the highest term, and returns it. */
    public NodeId awaitLeader() {
        return Leaders.await(LEADER_WAIT, ids, this::status)
                .orElseThrow(() -> new AssertionError("group " + groupId + " elected no leader within " + LEADER_WAIT + " ["
                        + seed.replayHint() + "]"));
    }

    /** Stops every server and closes logs and stores. */
    @Override
    public synchronized void close() {
        for (Map.Entry<NodeId, Incarnation<S>> e : running.entrySet()) {
            closeQuietly(e.getValue().server());
            e.getValue().log().close();
            e.getValue().store().close();
        }
        running.clear();
        for (NodeId id : ids) {
            MemoryLogStoreProvider.forget(dir.resolve(groupId).resolve(id.value()).resolve("log"));
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + c + " failed: " + e, e);
        }
    }
}

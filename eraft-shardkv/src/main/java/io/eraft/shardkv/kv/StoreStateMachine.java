package io.eraft.shardkv.kv;

import io.eraft.api.codec.Codec;
import io.eraft.api.codec.CodecException;
import io.eraft.api.metrics.Histogram;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.raft.StateMachine;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.WriteBatch;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A state machine whose whole state lives in one {@link StateMachineStore}, so the store is its snapshot:
 * {@link #takeSnapshot()} syncs the store (everything applied is then durable, so Raft may drop the log up to it);
 * {@link #openSnapshot()} streams the store's point-in-time view through the codec's snapshot format
 * ({@link StoreSnapshotSource}); {@link #installSnapshot} replaces the store's contents atomically with the store's
 * own install (the store keeps its old contents if the stream is cut or corrupt), then lets the subclass reload what
 * it keeps in memory. The KV state machine, the shard controller and shard groups are built this way.
 *
 * <p>Metrics: the duration of each store batch the subclass writes through {@link #write}
 * ({@code eraft_store_write_batch_seconds}), and the client sessions it keeps, as it last
 * {@linkplain #publishSessions published} them ({@code eraft_kv_client_sessions}, read from any thread).
 */
public abstract class StoreStateMachine implements StateMachine {
    private static final AtomicLong SNAPSHOT_THREADS = new AtomicLong();

    /** A name for messages and thread names, e.g. the group and node. */
    protected final String name;
    /** The store holding the whole state; used, not closed. */
    protected final StateMachineStore store;
    /** The codec of the log entries and of snapshots. */
    protected final Codec codec;
    private final String kind;
    private final LongSupplier nanoClock;
    private final Histogram writeBatchSeconds;
    private volatile int sessions;

    /**
     * @param name      a name for messages and thread names, e.g. the group and node
     * @param kind      what the state machine serves ({@code "kv"}, {@code "ctrler"}, {@code "shard"}), for thread
     *                  names
     * @param metrics   where it records its store writes and sessions, and the subclass what it does
     * @param nanoClock the monotonic clock durations are measured with
     */
    protected StoreStateMachine(String name, StateMachineStore store, Codec codec, String kind, Metrics metrics,
                                LongSupplier nanoClock) {
        this.name = Objects.requireNonNull(name, "name");
        this.store = Objects.requireNonNull(store, "store");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.writeBatchSeconds = metrics.histogram("eraft_store_write_batch_seconds",
                "duration of each store write batch the state machine commits (one per apply call)");
        metrics.gauge("eraft_kv_client_sessions", "client sessions the state machine keeps for exactly-once",
                () -> this.sessions);
    }

    /** Writes {@code batch} to the store, timing it. */
    protected final void write(WriteBatch batch) {
        long start = nanoClock.getAsLong();
        store.write(batch);
        writeBatchSeconds.observeNanos(nanoClock.getAsLong() - start);
    }

    /** Publishes how many client sessions the state machine keeps now (after it changed them). */
    protected final void publishSessions(int count) {
        sessions = count;
    }

    /** How many client sessions the state machine kept when it last published them; safe from any thread. */
    public final int sessionCount() {
        return sessions;
    }

    /** The store this state machine writes to. */
    public final StateMachineStore store() {
        return store;
    }

    @Override
    public final long lastApplied() {
        return store.appliedIndex();
    }

    @Override
    public final long takeSnapshot() {
        store.sync();
        return store.appliedIndex();
    }

    @Override
    public final SnapshotSource openSnapshot() {
        return new StoreSnapshotSource(store.snapshot(), codec,
                kind + "-snapshot-" + name + "-" + SNAPSHOT_THREADS.incrementAndGet());
    }

    /**
     * Replaces the store's contents with the snapshot's, atomically, then calls {@link #reload()}.
     *
     * @throws CodecException when the stream is not a snapshot through {@code index}, or is corrupt
     */
    @Override
    public final void installSnapshot(long index, InputStream data) throws IOException {
        var reader = codec.readSnapshot(data);
        if (reader.appliedIndex() != index) {
            throw new CodecException(name + ": Raft installs a snapshot through " + index
                    + " but the stream's header says it covers " + reader.appliedIndex());
        }
        store.installSnapshot(index, reader);
        reload();
    }

    /** Rebuilds what the subclass keeps in memory from the store, after a snapshot replaced its contents. */
    protected abstract void reload();
}

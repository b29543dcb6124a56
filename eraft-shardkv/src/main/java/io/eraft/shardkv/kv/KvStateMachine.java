package io.eraft.shardkv.kv;

import io.eraft.api.codec.Codec;
import io.eraft.api.log.LogEntry;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreException;

import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The replicated key-value state machine over one {@link StateMachineStore}: user keys and client sessions live in
 * separate key namespaces of the store ({@link StoreLayout}), and each {@link #apply} call writes its data, its
 * session changes and the new applied index as one store batch. A restart therefore resumes exactly at the store's
 * applied index, and no entry is applied twice.
 *
 * <p>Snapshots are the store's own ({@link StoreStateMachine}); an installed snapshot reloads the sessions.
 *
 * <p>Threading: Raft calls the {@link io.eraft.api.raft.StateMachine} methods from its apply thread only. {@link #read}
 * may be called from any thread (it reads the store, which is safe for concurrent readers).
 */
public final class KvStateMachine extends StoreStateMachine {
    private final KvLimits limits;
    private final SessionPolicy policy;
    private SessionTable sessions;

    /**
     * A state machine over {@code store}, which it uses but does not close, that records no metrics.
     *
     * @param name a name for log messages and thread names, e.g. the group and node
     */
    public KvStateMachine(String name, StateMachineStore store, Codec codec, KvLimits limits, SessionPolicy policy) {
        this(name, store, codec, limits, policy, Metrics.NOOP, System::nanoTime);
    }

    /**
     * A state machine over {@code store}, which it uses but does not close.
     *
     * @param name      a name for log messages and thread names, e.g. the group and node
     * @param metrics   where it records its store write batches and client sessions
     * @param nanoClock the monotonic clock durations are measured with
     */
    public KvStateMachine(String name, StateMachineStore store, Codec codec, KvLimits limits, SessionPolicy policy,
                          Metrics metrics, LongSupplier nanoClock) {
        super(name, store, codec, "kv", metrics, nanoClock);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.policy = Objects.requireNonNull(policy, "policy");
        checkStoreHoldsLongestKey(name, store, limits);
        this.sessions = SessionTable.load(store);
        publishSessions(sessions.size());
    }

    /**
     * Fails at once, rather than on the first long key (which would stop the replica), when the store cannot hold
     * keys as long as the limits allow: a read of a key of the longest allowed size is refused by a store whose keys
     * are shorter (LMDB's are at most 510 bytes), and changes nothing.
     *
     * @throws IllegalArgumentException naming the store, the limit and the store's reason
     */
    private static void checkStoreHoldsLongestKey(String name, StateMachineStore store, KvLimits limits) {
        try {
            store.get(StoreLayout.PLAIN.dataKey(new byte[limits.maxKeyBytes()]));
        } catch (StoreException e) {
            throw new IllegalArgumentException(name + ": the " + store.providerName() + " store cannot hold keys of "
                    + limits.maxKeyBytes() + " bytes, which the KV limits allow; lower maxKeyBytes (" + e.getMessage()
                    + ")", e);
        }
    }

    @Override
    public List<byte[]> apply(List<LogEntry> committed) {
        if (committed.isEmpty()) {
            return List.of();
        }
        ApplyBatch batch = new ApplyBatch(store, sessions, policy, limits, codec);
        List<byte[]> replies = batch.run(committed);
        write(batch.writes());
        batch.commitSessions();
        publishSessions(sessions.size());
        return replies;
    }

    /** Reloads the sessions from the store. */
    @Override
    protected void reload() {
        sessions = SessionTable.load(store);
        publishSessions(sessions.size());
    }

    /** The current value of user key {@code key}, or null; safe from any thread. */
    public byte[] read(byte[] key) {
        return store.get(StoreLayout.PLAIN.dataKey(key));
    }

    @Override
    public String toString() {
        return "KvStateMachine[" + name + ", " + store.providerName() + "]";
    }
}

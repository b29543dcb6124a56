package io.eraft.shardkv.kv;

import io.eraft.api.codec.Codec;
import io.eraft.api.log.LogEntry;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.WriteBatch;

import java.util.Objects;

/**
 * The KV service's semantics (Put, Append, Delete, compare-and-set, size limits, exactly-once sessions and their
 * expiry) over one key prefix of a store, for state machines that keep several independent key spaces in one store:
 * a shard group keeps one per shard, so a shard's data and the sessions that matter for it share one prefix and move
 * together. Unlike the plain KV service, a client without a session here may start at any sequence number (its
 * earlier writes went to other key spaces). Used on the apply thread only; {@link #read} is safe from any thread.
 */
public final class Keyspace {
    private final StateMachineStore store;
    private final byte[] prefix;
    private final StoreLayout layout;
    private final SessionPolicy policy;
    private final KvLimits limits;
    private final Codec codec;
    private SessionTable sessions;

    private Keyspace(StateMachineStore store, byte[] prefix, SessionPolicy policy, KvLimits limits, Codec codec) {
        this.store = Objects.requireNonNull(store, "store");
        this.prefix = prefix.clone();
        this.layout = StoreLayout.prefixed(prefix);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.sessions = SessionTable.load(store, layout);
    }

    /** The key space under {@code prefix} of {@code store}, with its sessions loaded from the store. */
    public static Keyspace open(StateMachineStore store, byte[] prefix, SessionPolicy policy, KvLimits limits,
                                Codec codec) {
        return new Keyspace(store, prefix, policy, limits, codec);
    }

    /** The prefix every store key of this key space starts with. */
    public byte[] prefix() {
        return prefix.clone();
    }

    /** The current value of user key {@code key}, or null. */
    public byte[] read(byte[] key) {
        return store.get(layout.dataKey(key));
    }

    /** Reloads the sessions from the store, after entries of this key space were written to it directly. */
    public void reloadSessions() {
        sessions = SessionTable.load(store, layout);
    }

    /** How many client sessions this key space keeps. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Starts executing commands whose writes go into {@code batch}, which the caller writes to the store. */
    public Writes begin(WriteBatch batch) {
        return new Writes(new ApplyBatch(store, sessions, policy, limits, codec, layout, false, batch));
    }

    /** Commands executed against one store batch; later commands see earlier ones' writes. */
    public static final class Writes {
        private final ApplyBatch apply;

        private Writes(ApplyBatch apply) {
            this.apply = apply;
        }

        /** Executes a command entry (an encoded KV command); returns its encoded {@code KvResponse}. */
        public byte[] execute(LogEntry entry) {
            return apply.execute(entry);
        }

        /** Drops the sessions idle for the policy's lifetime at {@code index}, if the policy sweeps there. */
        public void sweepAt(long index) {
            if (apply.sweepsAt(index)) {
                apply.sweep(index);
            }
        }

        /** Makes the session changes visible; call after the caller wrote the store batch. */
        public void commit() {
            apply.commitSessions();
        }
    }
}

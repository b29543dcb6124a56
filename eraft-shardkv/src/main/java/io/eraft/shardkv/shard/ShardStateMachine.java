package io.eraft.shardkv.shard;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.codec.Codec;
import io.eraft.api.codec.CodecException;
import io.eraft.api.command.Command;
import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.raft.StateMachine;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreCorruptedException;
import io.eraft.api.store.WriteBatch;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.kv.Keyspace;
import io.eraft.shardkv.kv.SessionPolicy;
import io.eraft.shardkv.kv.StoreStateMachine;
import io.eraft.shardkv.proto.ConfigRecord;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.proto.ShardChunk;
import io.eraft.shardkv.proto.ShardCommand;
import io.eraft.shardkv.proto.ShardPhase;
import io.eraft.shardkv.proto.ShardRef;
import io.eraft.shardkv.proto.ShardStateRecord;
import io.eraft.shardkv.proto.StoreEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A shard group's replicated state machine: one {@link Keyspace} per shard (data plus the sessions that matter for
 * it), each held shard's {@link ShardPhase}, and the current and previous configurations, all in one store and all in
 * snapshots. Configurations are applied one at a time, through the log, and only when every shard is settled (serving
 * or not held):
 *
 * <ul>
 *   <li>a shard this group keeps stays SERVING; one it gains is PULLING (or SERVING at once when nobody owned it);
 *   one it loses is BEING_PULLED: kept, frozen, until the new owner has it;</li>
 *   <li>chunks of a PULLING shard are inserted through the log; when the last has arrived the shard serves at once
 *   (GC_PENDING) and the old owner is asked to delete its copy; once it confirms, the shard is SERVING;</li>
 *   <li>the old owner deletes a BEING_PULLED shard only when the new owner asks (so it has the data).</li>
 * </ul>
 *
 * <p>A client write for a shard this group does not serve is answered WRONG_GROUP and changes nothing. Threading:
 * Raft calls the {@link StateMachine} methods from its apply thread; the query methods are safe from any thread.
 */
public final class ShardStateMachine extends StoreStateMachine {
    private final String groupId;
    private final KvLimits limits;
    private final SessionPolicy policy;
    private final int shardCount;
    private final Keyspace[] keyspaces;
    private final ShardMetrics shardMetrics;
    private volatile Map<Integer, ShardPhase> phases;
    private volatile ShardConfig current;
    private volatile ShardConfig previous;

    /** A state machine of group {@code groupId} over {@code store} (used, not closed) that records no metrics. */
    public ShardStateMachine(String name, String groupId, StateMachineStore store, Codec codec, KvLimits limits,
                             SessionPolicy policy, int shardCount) {
        this(name, groupId, store, codec, limits, policy, shardCount, Metrics.NOOP, System::nanoTime);
    }

    /**
     * A state machine of group {@code groupId} over {@code store} (used, not closed), recording to {@code metrics} its
     * store write batches and client sessions (the sessions of all its shards), each shard's state, the configuration
     * it applied and the shards it pulled in ({@link ShardMetrics}).
     *
     * @param nanoClock the monotonic clock durations are measured with
     */
    public ShardStateMachine(String name, String groupId, StateMachineStore store, Codec codec, KvLimits limits,
                             SessionPolicy policy, int shardCount, Metrics metrics, LongSupplier nanoClock) {
        super(name, store, codec, "shard", metrics, nanoClock);
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.shardCount = ShardConfig.initial(shardCount).shardCount();
        this.keyspaces = new Keyspace[shardCount];
        this.shardMetrics = new ShardMetrics(metrics, this.shardCount, nanoClock, () -> {
            ShardConfig c = current;
            return c == null ? 0 : c.num(); // null only until the constructor loaded the store
        });
        load();
    }

    private void load() {
        ShardConfig cur = readConfig(ShardLayout.CURRENT_CONFIG);
        ShardConfig prev = readConfig(ShardLayout.PREVIOUS_CONFIG);
        if (cur.shardCount() != shardCount) {
            throw new IllegalArgumentException(name + ": the store holds a configuration of " + cur.shardCount()
                    + " shards, but this group was started for " + shardCount);
        }
        Map<Integer, ShardPhase> loaded = new TreeMap<>();
        for (int s = 0; s < shardCount; s++) {
            byte[] p = store.get(ShardLayout.phaseKey(s));
            if (p != null) {
                loaded.put(s, decodePhase(p));
            }
            keyspaces[s] = Keyspace.open(store, ShardLayout.shardPrefix(s), policy, limits, codec);
        }
        phases = Collections.unmodifiableMap(loaded);
        previous = prev;
        current = cur;
        shardMetrics.loaded(loaded);
        publishSessions();
    }

    /** Publishes the client sessions of every shard's key space. Apply thread (or constructor) only. */
    private void publishSessions() {
        int n = 0;
        for (Keyspace k : keyspaces) {
            n += k.sessionCount();
        }
        publishSessions(n);
    }

    private ShardConfig readConfig(byte[] key) {
        byte[] bytes = store.get(key);
        if (bytes == null) {
            return ShardConfig.initial(shardCount);
        }
        try {
            return ShardConfig.fromRecord(ConfigRecord.parseFrom(bytes));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new StoreCorruptedException(name + ": the stored configuration cannot be decoded: " + e, e);
        }
    }

    private ShardPhase decodePhase(byte[] bytes) {
        try {
            return ShardStateRecord.parseFrom(bytes).getPhase();
        } catch (InvalidProtocolBufferException e) {
            throw new StoreCorruptedException(name + ": a stored shard phase cannot be decoded: " + e, e);
        }
    }

    public String groupId() {
        return groupId;
    }

    public int shardCount() {
        return shardCount;
    }

    /** The configuration this group has applied. */
    public ShardConfig current() {
        return current;
    }

    /** The configuration before {@link #current()} (where gained shards are pulled from). */
    public ShardConfig previous() {
        return previous;
    }

    /**
     * The phase of every shard this group holds data of.
     * <p>Internal: {@code ShardPhase} is in an unexported package; for this module's status and tests.
     */
    public Map<Integer, ShardPhase> phases() {
        return phases;
    }

    /** The state of every shard this group holds data of, by shard number (a snapshot; safe from any thread). */
    public SortedMap<Integer, ShardState> shardStates() {
        SortedMap<Integer, ShardState> out = new TreeMap<>();
        phases.forEach((shard, phase) -> out.put(shard, ShardState.of(phase)));
        return out;
    }

    /** Whether this group answers clients for {@code shard} now. */
    public boolean serves(int shard) {
        ShardPhase p = phases.get(shard);
        return p == ShardPhase.SHARD_PHASE_SERVING || p == ShardPhase.SHARD_PHASE_GC_PENDING;
    }

    /** Whether every shard is settled (serving or not held), so the next configuration may be applied. */
    public boolean settled() {
        return phases.values().stream().allMatch(p -> p == ShardPhase.SHARD_PHASE_SERVING);
    }

    /** The value of user key {@code key} of shard {@code shard}, or null. Safe from any thread. */
    public byte[] read(int shard, byte[] key) {
        return keyspaces[shard].read(key);
    }

    @Override
    public List<byte[]> apply(List<LogEntry> committed) {
        if (committed.isEmpty()) {
            return List.of();
        }
        return new Batch().run(committed);
    }

    /** One apply call: every entry's effect goes into one store batch. */
    private final class Batch {
        final WriteBatch batch = new WriteBatch();
        final Map<Integer, Keyspace.Writes> writes = new HashMap<>();
        final Set<Integer> reload = new HashSet<>();
        final Map<Integer, ShardPhase> staged = new TreeMap<>(phases);
        boolean phasesChanged;
        ShardConfig cur = current;
        ShardConfig prev = previous;

        List<byte[]> run(List<LogEntry> entries) {
            List<byte[]> out = new ArrayList<>(entries.size());
            for (LogEntry e : entries) {
                out.add(e.type() == EntryType.COMMAND ? execute(e) : null);
                for (int s : staged.keySet()) {
                    if (staged.get(s) != ShardPhase.SHARD_PHASE_BEING_PULLED && !reload.contains(s)) {
                        writes(s).sweepAt(e.index());
                    }
                }
            }
            batch.appliedIndex(entries.get(entries.size() - 1).index());
            write(batch);
            writes.forEach((s, w) -> {
                if (!reload.contains(s)) {
                    w.commit();
                }
            });
            reload.forEach(s -> keyspaces[s].reloadSessions());
            phases = Collections.unmodifiableMap(new TreeMap<>(staged));
            previous = prev;
            current = cur;
            if (phasesChanged) {
                shardMetrics.phases(staged);
            }
            if (!writes.isEmpty() || !reload.isEmpty()) {
                publishSessions();
            }
            return out;
        }

        Keyspace.Writes writes(int shard) {
            return writes.computeIfAbsent(shard, s -> keyspaces[s].begin(batch));
        }

        byte[] execute(LogEntry e) {
            ShardCommand c;
            try {
                c = ShardCommand.parseFrom(e.data());
            } catch (InvalidProtocolBufferException ex) {
                return error(KvStatus.KV_STATUS_BAD_REQUEST, "log entry " + e.index() + " is not a shard group "
                        + "command: " + ex.getMessage());
            }
            switch (c.getOpCase()) {
                case CLIENT:
                    return client(e, c.getClient().toByteArray());
                case CONFIG:
                    config(ShardConfig.fromRecord(c.getConfig()));
                    return null;
                case CHUNK:
                    chunk(c.getChunk());
                    return null;
                case RECEIVED:
                    if (transition(c.getReceived(), ShardPhase.SHARD_PHASE_PULLING,
                            ShardPhase.SHARD_PHASE_GC_PENDING)) {
                        shardMetrics.installed(c.getReceived().getShard());
                    }
                    return null;
                case DELETE:
                    delete(c.getDelete());
                    return null;
                case DELETE_CONFIRMED:
                    transition(c.getDeleteConfirmed(), ShardPhase.SHARD_PHASE_GC_PENDING,
                            ShardPhase.SHARD_PHASE_SERVING);
                    return null;
                default:
                    return error(KvStatus.KV_STATUS_BAD_REQUEST, "log entry " + e.index() + " has no operation");
            }
        }

        byte[] client(LogEntry e, byte[] encoded) {
            Command command;
            try {
                command = codec.decodeCommand(encoded);
            } catch (CodecException ex) {
                return error(KvStatus.KV_STATUS_BAD_REQUEST, "log entry " + e.index() + " holds no KV command: "
                        + ex.getMessage());
            }
            int shard = ShardKeys.shardOf(ShardKeys.keyOf(command), shardCount);
            ShardPhase p = staged.get(shard);
            if (p != ShardPhase.SHARD_PHASE_SERVING && p != ShardPhase.SHARD_PHASE_GC_PENDING) {
                return error(KvStatus.KV_STATUS_WRONG_GROUP, "group '" + groupId + "' does not serve shard "
                        + shard + " in configuration " + cur.num() + " (" + (p == null ? "not held" : p) + ")");
            }
            return writes(shard).execute(new LogEntry(e.index(), e.term(), EntryType.COMMAND, encoded));
        }

        void config(ShardConfig next) {
            if (next.num() != cur.num() + 1 || next.shardCount() != shardCount
                    || staged.values().stream().anyMatch(p -> p != ShardPhase.SHARD_PHASE_SERVING)) {
                return; // a duplicate, or proposed before the group settled: the leader proposes it again
            }
            for (int s = 0; s < shardCount; s++) {
                boolean keeps = next.owner(s).equals(groupId);
                boolean holds = staged.containsKey(s);
                if (keeps && !holds) {
                    boolean nobodyHadIt = cur.owner(s).equals(ShardConfig.UNASSIGNED);
                    setPhase(s, nobodyHadIt ? ShardPhase.SHARD_PHASE_SERVING : ShardPhase.SHARD_PHASE_PULLING);
                    if (!nobodyHadIt) {
                        shardMetrics.pullStarted(s);
                    }
                } else if (!keeps && holds) {
                    if (next.owner(s).equals(ShardConfig.UNASSIGNED)) {
                        deleteShard(s); // every group left: nobody can take the shard over
                    } else {
                        setPhase(s, ShardPhase.SHARD_PHASE_BEING_PULLED);
                    }
                }
            }
            batch.put(ShardLayout.PREVIOUS_CONFIG, cur.toRecord().toByteArray());
            batch.put(ShardLayout.CURRENT_CONFIG, next.toRecord().toByteArray());
            prev = cur;
            cur = next;
        }

        void chunk(ShardChunk chunk) {
            int s = chunk.getRef().getShard();
            if (!isAt(chunk.getRef(), ShardPhase.SHARD_PHASE_PULLING)) {
                return;
            }
            long bytes = 0;
            for (StoreEntry entry : chunk.getEntriesList()) {
                byte[] key = entry.getKey().toByteArray();
                if (ShardLayout.inShard(key, s)) {
                    batch.put(key, entry.getValue().toByteArray());
                    bytes += key.length + entry.getValue().size();
                }
            }
            shardMetrics.pulledIn(bytes);
            reload.add(s);
        }

        void delete(ShardRef ref) {
            if (isAt(ref, ShardPhase.SHARD_PHASE_BEING_PULLED)) {
                deleteShard(ref.getShard());
            }
        }

        void deleteShard(int s) {
            try (CloseableIterator<KeyValue> it = store.scanPrefix(ShardLayout.shardPrefix(s))) {
                while (it.hasNext()) {
                    batch.delete(it.next().key());
                }
            }
            staged.remove(s);
            phasesChanged = true;
            batch.delete(ShardLayout.phaseKey(s));
            reload.add(s);
        }

        /** Moves the shard of {@code ref} from phase {@code from} to {@code to}; whether it was at {@code from}. */
        boolean transition(ShardRef ref, ShardPhase from, ShardPhase to) {
            if (!isAt(ref, from)) {
                return false;
            }
            setPhase(ref.getShard(), to);
            if (from == ShardPhase.SHARD_PHASE_PULLING) {
                reload.add(ref.getShard());
            }
            return true;
        }

        boolean isAt(ShardRef ref, ShardPhase phase) {
            return ref.getConfigNum() == cur.num() && ref.getShard() < shardCount
                    && staged.get(ref.getShard()) == phase;
        }

        void setPhase(int s, ShardPhase p) {
            staged.put(s, p);
            phasesChanged = true;
            batch.put(ShardLayout.phaseKey(s), ShardStateRecord.newBuilder().setPhase(p).build().toByteArray());
        }
    }

    private static byte[] error(KvStatus status, String message) {
        return KvResponse.newBuilder().setStatus(status).setError(message).build().toByteArray();
    }

    /** Reloads shards and configurations from the store. */
    @Override
    protected void reload() {
        load();
    }

    @Override
    public String toString() {
        return "ShardStateMachine[" + name + ", config " + current.num() + ", " + phases + "]";
    }
}

package io.eraft.shardkv.ctrler;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.codec.Codec;
import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.raft.StateMachine;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreCorruptedException;
import io.eraft.api.store.WriteBatch;
import io.eraft.shardkv.kv.SessionPolicy;
import io.eraft.shardkv.kv.StoreStateMachine;
import io.eraft.shardkv.proto.CtrlerCommand;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.proto.SessionRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The shard controller's replicated state machine: every configuration ever made, each under its own store key
 * ({@link ControllerLayout}), so historical configurations survive restarts and snapshots, plus one session per
 * clerk for exactly-once. Each {@link #apply} writes its new configurations, session changes and applied index as one
 * store batch.
 *
 * <p>Exactly-once, as in the KV service: a change whose sequence number equals its clerk's last one gets that
 * change's reply again and changes nothing; an older one gets STALE_REQUEST; a clerk without a session may start
 * only at sequence 1 (else SESSION_EXPIRED). A refused change (unknown group, shard out of range) is answered
 * BAD_REQUEST and still recorded, so its retry is refused alike. Sessions idle for the policy's number of log entries
 * are dropped.
 *
 * <p>Threading: Raft calls the {@link StateMachine} methods from its apply thread; {@link #config} and
 * {@link #latest} are safe from any thread.
 */
public final class ControllerStateMachine extends StoreStateMachine {
    private final SessionPolicy policy;
    private final int shardCount;
    private Map<Long, SessionRecord> sessions;
    private volatile ShardConfig latest;

    /**
     * A controller over {@code store} (used, not closed) for a cluster of {@code shardCount} shards.
     *
     * @throws IllegalArgumentException when the store holds configurations of a different shard count
     */
    public ControllerStateMachine(String name, StateMachineStore store, Codec codec, SessionPolicy policy,
                                  int shardCount) {
        this(name, store, codec, policy, shardCount, Metrics.NOOP, System::nanoTime);
    }

    /**
     * A controller over {@code store} (used, not closed) for a cluster of {@code shardCount} shards, recording to
     * {@code metrics} its store write batches, clerk sessions and the number of its latest configuration
     * ({@code eraft_shard_config_number}).
     *
     * @param nanoClock the monotonic clock durations are measured with
     * @throws IllegalArgumentException when the store holds configurations of a different shard count
     */
    public ControllerStateMachine(String name, StateMachineStore store, Codec codec, SessionPolicy policy,
                                  int shardCount, Metrics metrics, LongSupplier nanoClock) {
        super(name, store, codec, "ctrler", metrics, nanoClock);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.shardCount = ShardConfig.initial(shardCount).shardCount();
        load();
        metrics.gauge("eraft_shard_config_number", "number of the latest shard configuration applied",
                () -> latest.num());
    }

    private void load() {
        ShardConfig last = ShardConfig.initial(shardCount);
        try (CloseableIterator<KeyValue> it = store.scan(ControllerLayout.configs())) {
            while (it.hasNext()) {
                last = ShardConfig.decode(it.next().value());
            }
        }
        if (last.shardCount() != shardCount) {
            throw new IllegalArgumentException(name + ": the store holds configurations of " + last.shardCount()
                    + " shards, but this controller was started for " + shardCount + " (the shard count is fixed "
                    + "when a cluster is created)");
        }
        Map<Long, SessionRecord> loaded = new HashMap<>();
        try (CloseableIterator<KeyValue> it = store.scan(ControllerLayout.sessions())) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                loaded.put(ControllerLayout.clientIdOf(kv.key()), decodeSession(kv.value()));
            }
        }
        sessions = loaded;
        latest = last;
        publishSessions(loaded.size());
    }

    /** The number of shards, fixed for the cluster. */
    public int shardCount() {
        return shardCount;
    }

    /** The latest configuration applied on this replica. */
    public ShardConfig latest() {
        return latest;
    }

    /** Configuration {@code num}; the latest when {@code num} is negative or past the latest. */
    public ShardConfig config(long num) {
        ShardConfig last = latest;
        if (num < 0 || num >= last.num()) {
            return last;
        }
        if (num == 0) {
            return ShardConfig.initial(shardCount);
        }
        byte[] stored = store.get(ControllerLayout.configKey(num));
        if (stored == null) {
            throw new StoreCorruptedException(name + ": configuration " + num + " is missing from the store, "
                    + "though configuration " + last.num() + " exists");
        }
        return ShardConfig.decode(stored);
    }

    @Override
    public List<byte[]> apply(List<LogEntry> committed) {
        if (committed.isEmpty()) {
            return List.of();
        }
        WriteBatch batch = new WriteBatch();
        Map<Long, SessionRecord> changed = new HashMap<>();
        ShardConfig current = latest;
        List<byte[]> replies = new ArrayList<>(committed.size());
        for (LogEntry e : committed) {
            byte[] reply = null;
            if (e.type() == EntryType.COMMAND) {
                Step step = execute(e, current, changed);
                reply = step.reply;
                if (step.config != null) {
                    current = step.config;
                    batch.put(ControllerLayout.configKey(current.num()), current.toRecord().toByteArray());
                }
                if (step.session != null) {
                    changed.put(step.clientId, step.session);
                    batch.put(ControllerLayout.sessionKey(step.clientId), step.session.toByteArray());
                }
            }
            if (e.index() % policy.sweepEveryEntries() == 0) {
                sweep(e.index(), changed, batch);
            }
            replies.add(reply);
        }
        batch.appliedIndex(committed.get(committed.size() - 1).index());
        write(batch);
        changed.forEach((id, s) -> {
            if (s == REMOVED) {
                sessions.remove(id);
            } else {
                sessions.put(id, s);
            }
        });
        publishSessions(sessions.size());
        latest = current;
        return replies;
    }

    /** A removed session, by identity, among staged changes. */
    private static final SessionRecord REMOVED = SessionRecord.newBuilder().build();

    /** What one entry did: its reply, and the configuration and session it made (or null). */
    private record Step(byte[] reply, ShardConfig config, long clientId, SessionRecord session) {
        static Step reply(byte[] reply) {
            return new Step(reply, null, 0, null);
        }
    }

    private Step execute(LogEntry e, ShardConfig current, Map<Long, SessionRecord> changed) {
        CtrlerCommand command;
        try {
            command = CtrlerCommand.parseFrom(e.data());
        } catch (InvalidProtocolBufferException ex) {
            return Step.reply(ControllerReplies.error(KvStatus.KV_STATUS_BAD_REQUEST, "log entry " + e.index()
                    + " is not a controller command: " + ex.getMessage()));
        }
        long client = command.getClientId();
        long seq = command.getSequence();
        if (seq < 1) {
            return Step.reply(ControllerReplies.error(KvStatus.KV_STATUS_BAD_REQUEST,
                    "sequence numbers start at 1, got " + Long.toUnsignedString(seq)));
        }
        SessionRecord session = changed.containsKey(client) ? changed.get(client) : sessions.get(client);
        if (session == REMOVED) {
            session = null;
        }
        if (session != null && seq == session.getLastSequence()) {
            return Step.reply(session.getReply().toByteArray());
        }
        if (session != null && seq < session.getLastSequence()) {
            return Step.reply(ControllerReplies.error(KvStatus.KV_STATUS_STALE_REQUEST, "clerk "
                    + Long.toUnsignedString(client) + " sent change " + seq + " after change "
                    + session.getLastSequence() + " was applied"));
        }
        if (session == null && seq > 1) {
            return Step.reply(ControllerReplies.error(KvStatus.KV_STATUS_SESSION_EXPIRED, "clerk "
                    + Long.toUnsignedString(client) + " has no session (expired after " + policy.ttlEntries()
                    + " log entries without a change, or never existed), so change " + seq + " was not applied"));
        }
        ConfigChange.Outcome outcome = ConfigChange.apply(current, command);
        byte[] reply = outcome.config() == null
                ? ControllerReplies.error(KvStatus.KV_STATUS_BAD_REQUEST, outcome.refusal())
                : ControllerReplies.config(outcome.config());
        SessionRecord updated = SessionRecord.newBuilder().setLastSequence(seq).setLastIndex(e.index())
                .setReply(com.google.protobuf.ByteString.copyFrom(reply)).build();
        return new Step(reply, outcome.config(), client, updated);
    }

    private void sweep(long index, Map<Long, SessionRecord> changed, WriteBatch batch) {
        TreeSet<Long> ids = new TreeSet<>(sessions.keySet());
        ids.addAll(changed.keySet());
        for (long id : ids) {
            SessionRecord s = changed.containsKey(id) ? changed.get(id) : sessions.get(id);
            if (s != null && s != REMOVED && index - s.getLastIndex() >= policy.ttlEntries()) {
                changed.put(id, REMOVED);
                batch.delete(ControllerLayout.sessionKey(id));
            }
        }
    }

    /** Reloads configurations and sessions from the store. */
    @Override
    protected void reload() {
        load();
    }

    private SessionRecord decodeSession(byte[] bytes) {
        try {
            return SessionRecord.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreCorruptedException(name + ": a controller session record (" + bytes.length
                    + " bytes) cannot be decoded: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ControllerStateMachine[" + name + ", " + shardCount + " shards, " + store.providerName() + "]";
    }
}

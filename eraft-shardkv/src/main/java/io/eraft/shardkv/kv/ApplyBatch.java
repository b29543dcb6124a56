package io.eraft.shardkv.kv;

import io.eraft.api.codec.Codec;
import io.eraft.api.codec.CodecException;
import io.eraft.api.command.Append;
import io.eraft.api.command.Command;
import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Get;
import io.eraft.api.command.Put;
import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.WriteBatch;
import io.eraft.shardkv.proto.KvStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One {@link KvStateMachine#apply} call: executes committed entries in log order against the store as it was plus
 * what the earlier entries of the batch wrote, and stages everything (data, session changes and the new applied
 * index) in one {@link WriteBatch}, which the state machine writes. The outcome depends only on the entries and the
 * store's contents, never on how entries are grouped into batches, so every replica computes the same state.
 *
 * <p>Exactly-once: a write whose sequence number equals its client's last applied one gets that write's reply again
 * and changes nothing; an older one gets STALE_REQUEST. A client without a session may start only at sequence 1;
 * a higher number means its session expired (SESSION_EXPIRED, nothing applied). Gets that come through the log are
 * plain reads and leave sessions alone.
 */
final class ApplyBatch {
    private static final byte[] DELETED = new byte[0];

    private final StateMachineStore store;
    private final SessionTable sessions;
    private final SessionPolicy policy;
    private final KvLimits limits;
    private final Codec codec;
    private final StoreLayout layout;
    private final boolean sessionsStartAtOne;
    private final WriteBatch batch;
    /** Values this batch wrote, by user key; {@link #DELETED} (by identity) for a delete. */
    private final Map<ByteKey, byte[]> written = new HashMap<>();
    /** Session changes this batch made, by client id; null removes the session. */
    private final Map<Long, Session> sessionChanges = new LinkedHashMap<>();

    ApplyBatch(StateMachineStore store, SessionTable sessions, SessionPolicy policy, KvLimits limits, Codec codec) {
        this(store, sessions, policy, limits, codec, StoreLayout.PLAIN, true, new WriteBatch());
    }

    /**
     * A batch over one key space of the store that adds its writes to {@code batch}, which the caller writes.
     *
     * @param sessionsStartAtOne whether a client without a session may start only at sequence 1 (the plain KV
     *                           service); false where a client's writes are spread over several key spaces, so its
     *                           first write to one of them may have any sequence number
     */
    ApplyBatch(StateMachineStore store, SessionTable sessions, SessionPolicy policy, KvLimits limits, Codec codec,
               StoreLayout layout, boolean sessionsStartAtOne, WriteBatch batch) {
        this.store = store;
        this.sessions = sessions;
        this.policy = policy;
        this.limits = limits;
        this.codec = codec;
        this.layout = layout;
        this.sessionsStartAtOne = sessionsStartAtOne;
        this.batch = batch;
    }

    /** Whether the session policy sweeps when the entry at {@code index} is applied. */
    boolean sweepsAt(long index) {
        return policy.sweepsAt(index);
    }

    /** Makes this batch's session changes visible in the session table; call after the store batch was written. */
    void commitSessions() {
        sessions.commit(sessionChanges);
    }

    /**
     * Executes {@code entries} into the batch, ending it at the last one's index; returns one reply per entry (null
     * for NOOPs). The caller writes {@link #writes()} and then calls {@link #commitSessions()}.
     */
    List<byte[]> run(List<LogEntry> entries) {
        List<byte[]> replies = new ArrayList<>(entries.size());
        for (LogEntry e : entries) {
            replies.add(e.type() == EntryType.COMMAND ? execute(e) : null);
            if (policy.sweepsAt(e.index())) {
                sweep(e.index());
            }
        }
        batch.appliedIndex(entries.get(entries.size() - 1).index());
        return replies;
    }

    /** The store batch holding everything executed so far. */
    WriteBatch writes() {
        return batch;
    }

    /** Executes one command entry against this key space; returns its reply. */
    byte[] execute(LogEntry entry) {
        Command command;
        try {
            command = codec.decodeCommand(entry.data());
        } catch (CodecException e) {
            return Replies.error(KvStatus.KV_STATUS_BAD_REQUEST, "log entry " + entry.index()
                    + " is not a KV command: " + e.getMessage());
        }
        String problem = limits.commandProblem(command);
        if (problem != null) {
            return Replies.error(KvStatus.KV_STATUS_BAD_REQUEST, problem);
        }
        if (command instanceof Get g) {
            byte[] value = read(g.key());
            return value == null ? Replies.notFound() : Replies.found(value);
        }
        if (command.sequence() < 1) {
            return Replies.error(KvStatus.KV_STATUS_BAD_REQUEST, "sequence numbers start at 1, got "
                    + command.sequence());
        }
        Session session = session(command.clientId());
        if (session != null && command.sequence() == session.lastSequence()) {
            return session.reply();
        }
        if (session != null && command.sequence() < session.lastSequence()) {
            return Replies.error(KvStatus.KV_STATUS_STALE_REQUEST, "client " + client(command) + " sent request "
                    + command.sequence() + " after request " + session.lastSequence() + " was applied");
        }
        if (session == null && command.sequence() > 1 && sessionsStartAtOne) {
            return Replies.error(KvStatus.KV_STATUS_SESSION_EXPIRED, "client " + client(command)
                    + " has no session (it expired after " + policy.ttlEntries() + " log entries without a write, "
                    + "or never existed), so request " + command.sequence() + " was not applied");
        }
        if (command instanceof Append a) {
            String tooLong = appendProblem(a);
            if (tooLong != null) {
                return Replies.error(KvStatus.KV_STATUS_BAD_REQUEST, tooLong);
            }
        }
        byte[] reply = mutate(command);
        Session updated = new Session(command.clientId(), command.sequence(), entry.index(), reply);
        sessionChanges.put(command.clientId(), updated);
        batch.put(layout.sessionKey(command.clientId()), updated.encode());
        return reply;
    }

    private byte[] mutate(Command command) {
        if (command instanceof Put p) {
            write(p.key(), p.value());
            return Replies.ok();
        } else if (command instanceof Append a) {
            byte[] current = read(a.key());
            write(a.key(), current == null ? a.suffix() : concat(current, a.suffix()));
            return Replies.ok();
        } else if (command instanceof Delete d) {
            written.put(new ByteKey(d.key()), DELETED);
            batch.delete(layout.dataKey(d.key()));
            return Replies.ok();
        } else if (command instanceof CompareAndSet c) {
            byte[] current = read(c.key());
            boolean matches = c.expected() == null ? current == null
                    : current != null && Arrays.equals(current, c.expected());
            if (matches) {
                write(c.key(), c.newValue());
            }
            return Replies.compareAndSet(matches);
        }
        throw new IllegalArgumentException("unknown write command " + command.getClass().getName());
    }

    /** Why appending {@code a} would make a value over the limit, or null. */
    private String appendProblem(Append a) {
        byte[] current = read(a.key());
        long length = (current == null ? 0L : current.length) + a.suffix().length;
        return length > limits.maxValueBytes() ? "appending " + a.suffix().length + " bytes to a value of "
                + (current == null ? 0 : current.length) + " bytes would make it " + length
                + " bytes, over the limit of " + limits.maxValueBytes() + " bytes" : null;
    }

    /** The current value of {@code key}: this batch's last write, else the store's; null when absent. */
    private byte[] read(byte[] key) {
        byte[] v = written.get(new ByteKey(key));
        if (v == DELETED) {
            return null;
        }
        return v != null ? v : store.get(layout.dataKey(key));
    }

    private void write(byte[] key, byte[] value) {
        written.put(new ByteKey(key), value);
        batch.put(layout.dataKey(key), value);
    }

    private Session session(long clientId) {
        return sessionChanges.containsKey(clientId) ? sessionChanges.get(clientId) : sessions.get(clientId);
    }

    /** Removes every session idle for the policy's lifetime at {@code index}. */
    void sweep(long index) {
        TreeSet<Long> ids = new TreeSet<>(sessions.clientIds());
        ids.addAll(sessionChanges.keySet());
        for (long id : ids) {
            Session s = session(id);
            if (s != null && s.expiredAt(index, policy.ttlEntries())) {
                sessionChanges.put(id, null);
                batch.delete(layout.sessionKey(id));
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String client(Command command) {
        return Long.toUnsignedString(command.clientId());
    }
}

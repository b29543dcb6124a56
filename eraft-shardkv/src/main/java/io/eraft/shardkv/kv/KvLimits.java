package io.eraft.shardkv.kv;

import io.eraft.api.command.Append;
import io.eraft.api.command.Command;
import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Get;
import io.eraft.api.command.Put;

import java.util.Arrays;
import java.util.function.ToLongFunction;

/**
 * The size limits of keys and values: one set, checked the same way by the clerk before sending, by the server
 * before proposing and by the state machine when applying. Every server of a group must use the same limits, as they
 * use the same Raft log: then a refusal is the same on every replica and at every step, so a refused write never
 * applies. A refusal is a {@link KvRequestRejectedException} (status BAD_REQUEST) naming the size and the limit.
 *
 * <ul>
 *   <li><b>Keys</b>: 1 to {@link #maxKeyBytes()} bytes (default 500). The empty key is refused. Keys stay under what
 *   every store provider holds: LMDB takes keys of at most 510 bytes, and the state machine adds a namespace byte
 *   ({@link KvStateMachine} checks at start that its store holds keys of {@code maxKeyBytes}).</li>
 *   <li><b>Values</b>: 0 to {@link #maxValueBytes()} bytes (default 500 KiB = 512,000 bytes); empty values are
 *   allowed. The same limit applies to an append's suffix, to the value an append makes, and to each operand of a
 *   compare-and-set (expected and new value, each checked on its own).</li>
 *   <li><b>Commands</b>: a write is one Raft log entry, so the whole encoded command must fit Raft's
 *   {@code maxAppendBytes} (setting {@value #MAX_APPEND_SETTING}, default 1 MiB). The default limits are chosen so
 *   that the largest command they allow, a compare-and-set of a 500-byte key and two 500 KiB operands, fits the
 *   default with room for the encoding: a put of 500 KiB really succeeds through Raft. A server refuses to start
 *   when its limits do not fit its {@code maxAppendBytes} ({@link #requireFits}), and refuses any command whose
 *   encoding is over it (which then cannot happen with limits that fit).</li>
 * </ul>
 *
 * @param maxKeyBytes   the longest key accepted (at least 1)
 * @param maxValueBytes the longest value, append suffix, appended value or compare-and-set operand accepted
 */
public record KvLimits(int maxKeyBytes, int maxValueBytes) {
    /** The setting that names Raft's largest log entry, as servers read it. */
    public static final String MAX_APPEND_SETTING = "raft.max-append-bytes";
    /** The setting that names {@link #maxKeyBytes()}, as servers read it. */
    public static final String MAX_KEY_SETTING = "kv.max-key-bytes";
    /** The setting that names {@link #maxValueBytes()}, as servers read it. */
    public static final String MAX_VALUE_SETTING = "kv.max-value-bytes";

    /** 500-byte keys and 500 KiB (512,000-byte) values; they fit a {@code maxAppendBytes} of 1 MiB. */
    public static final KvLimits DEFAULT = new KvLimits(500, 512_000);

    public KvLimits {
        if (maxKeyBytes < 1 || maxValueBytes < 0) {
            throw new IllegalArgumentException("limits must allow a 1-byte key and an empty value: maxKeyBytes="
                    + maxKeyBytes + ", maxValueBytes=" + maxValueBytes);
        }
    }

    /** The reason {@code key} is refused (empty, or over the limit), or null when it is accepted. */
    public String keyProblem(byte[] key) {
        if (key.length == 0) {
            return "the empty key is not allowed: a key has 1 to " + maxKeyBytes + " bytes";
        }
        return key.length > maxKeyBytes
                ? "key of " + key.length + " bytes is over the limit of " + maxKeyBytes + " bytes (" + MAX_KEY_SETTING + ")"
                : null;
    }

    /** The reason {@code value} (named {@code what}) is refused, or null when it is within the limit. */
    String valueProblem(String what, byte[] value) {
        return value != null && value.length > maxValueBytes
                ? what + " of " + value.length + " bytes is over the limit of " + maxValueBytes + " bytes ("
                + MAX_VALUE_SETTING + ")" : null;
    }

    /** @throws KvRequestRejectedException when {@code key} is empty or over the limit, naming its size and the limit */
    public void checkKey(byte[] key) {
        String problem = keyProblem(key);
        if (problem != null) {
            throw new KvRequestRejectedException(problem);
        }
    }

    /** @throws KvRequestRejectedException naming the value's size and the limit */
    public void checkValue(String what, byte[] value) {
        String problem = valueProblem(what, value);
        if (problem != null) {
            throw new KvRequestRejectedException(problem);
        }
    }

    /** The reason {@code command} is refused, or null when its key and values are within the limits. */
    public String commandProblem(Command command) {
        if (command instanceof Put p) {
            return firstOf(keyProblem(p.key()), valueProblem("value", p.value()));
        } else if (command instanceof Append a) {
            return firstOf(keyProblem(a.key()), valueProblem("append suffix", a.suffix()));
        } else if (command instanceof CompareAndSet c) {
            return firstOf(keyProblem(c.key()), firstOf(valueProblem("expected value", c.expected()),
                    valueProblem("new value", c.newValue())));
        } else if (command instanceof Delete d) {
            return keyProblem(d.key());
        } else if (command instanceof Get g) {
            return keyProblem(g.key());
        }
        throw new IllegalArgumentException("unknown command type " + command.getClass().getName());
    }

    /**
     * The largest command these limits allow: a compare-and-set of a key of {@link #maxKeyBytes()} and two operands
     * of {@link #maxValueBytes()}, with the largest client id and sequence number.
     */
    public Command largestCommand() {
        byte[] value = new byte[maxValueBytes];
        Arrays.fill(value, (byte) 0x5a);
        byte[] key = new byte[maxKeyBytes];
        Arrays.fill(key, (byte) 0x5a);
        return new CompareAndSet(-1L, Long.MAX_VALUE, key, value, value.clone());
    }

    /**
     * Checks that every command these limits allow fits one Raft log entry.
     *
     * @param maxAppendBytes Raft's largest entry ({@code RaftConfig.maxAppendBytes()})
     * @param entryBytes     the size of the log entry a server makes of a command (its codec's encoding, wrapped as
     *                       the server wraps it)
     * @param who            names the server in the message
     * @throws IllegalArgumentException naming {@value #MAX_APPEND_SETTING}, the size needed and the limits, when the
     *                                  largest command does not fit
     */
    public void requireFits(long maxAppendBytes, ToLongFunction<Command> entryBytes, String who) {
        long needed = entryBytes.applyAsLong(largestCommand());
        if (needed > maxAppendBytes) {
            throw new IllegalArgumentException(who + ": " + MAX_APPEND_SETTING + " is " + maxAppendBytes
                    + " bytes, but the largest command the KV limits allow (a compare-and-set of a " + maxKeyBytes
                    + "-byte key and two " + maxValueBytes + "-byte values) makes a log entry of " + needed
                    + " bytes; raise " + MAX_APPEND_SETTING + " to at least " + needed + " or lower the limits ("
                    + MAX_VALUE_SETTING + ", " + MAX_KEY_SETTING + ")");
        }
    }

    @Override
    public String toString() {
        return "keys 1.." + maxKeyBytes + " bytes, values 0.." + maxValueBytes + " bytes";
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }
}

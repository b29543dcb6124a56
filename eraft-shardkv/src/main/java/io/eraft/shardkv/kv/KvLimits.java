package io.eraft.shardkv.kv;

import io.eraft.api.command.Append;
import io.eraft.api.command.Command;
import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Get;
import io.eraft.api.command.Put;

/**
 * Size limits of keys and values, checked by the clerk before sending, by the server before proposing, and by the
 * state machine when applying. Every server of a group must use the same limits, as they use the same Raft log:
 * then a refusal is the same on every replica and at every step, so a refused write can never apply. Empty keys and
 * values are allowed.
 *
 * <p>A write is also one Raft log entry, so it must fit Raft's {@code maxAppendBytes}: a compare-and-set carries its
 * key, expected and new value, so values up to {@code maxValueBytes} need {@code maxAppendBytes} of at least
 * {@code maxKeyBytes + 2 * maxValueBytes + 64}. Servers refuse a larger command with a clear error.
 *
 * @param maxKeyBytes   the longest key accepted
 * @param maxValueBytes the longest value (or append suffix, or compare-and-set operand) accepted
 */
public record KvLimits(int maxKeyBytes, int maxValueBytes) {
    /**
     * 500-byte keys and 1 MiB values. Keys stay under what every store provider holds: LMDB takes keys of at most
     * 510 bytes, and the state machine adds a namespace byte ({@link KvStateMachine} checks at start that its store
     * holds keys of {@code maxKeyBytes}).
     */
    public static final KvLimits DEFAULT = new KvLimits(500, 1 << 20);

    public KvLimits {
        if (maxKeyBytes < 1 || maxValueBytes < 0) {
            throw new IllegalArgumentException("limits must allow a 1-byte key and an empty value: maxKeyBytes="
                    + maxKeyBytes + ", maxValueBytes=" + maxValueBytes);
        }
    }

    /** The reason {@code key} is refused, or null when it is within the limit. */
    public String keyProblem(byte[] key) {
        return key.length > maxKeyBytes
                ? "key of " + key.length + " bytes is over the limit of " + maxKeyBytes + " bytes" : null;
    }

    /** The reason {@code value} (named {@code what}) is refused, or null when it is within the limit. */
    String valueProblem(String what, byte[] value) {
        return value != null && value.length > maxValueBytes
                ? what + " of " + value.length + " bytes is over the limit of " + maxValueBytes + " bytes" : null;
    }

    /** @throws KvRequestRejectedException naming the key's size and the limit */
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

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }
}

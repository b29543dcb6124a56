package io.eraft.shardkv.linearizability;

import java.util.Arrays;
import java.util.Objects;

/**
 * One client operation of a recorded history: its input, its real-time interval and its outcome. Immutable: every
 * byte array is copied on the way in and on the way out.
 *
 * @param id          unique within a history
 * @param clientId    the client that issued it (used only for printing)
 * @param kind        what it does
 * @param key         the key it acts on
 * @param value       the PUT value, APPEND suffix or CAS new value; null for GET and DELETE
 * @param expected    the CAS expected value (null means "must be absent"); null for every other kind
 * @param invokeNanos when it was invoked
 * @param returnNanos when its reply arrived; {@link #UNKNOWN_RETURN} when there was none
 * @param output      the value a GET returned (null means absent); ignored for other kinds
 * @param casApplied  whether a CAS reported that it was applied; ignored for other kinds
 * @param completed   false when the outcome is unknown (no reply: it may or may not have taken effect, at any time
 *                    after its invocation); such an operation has no output
 */
public record Operation(long id, int clientId, OpKind kind, byte[] key, byte[] value, byte[] expected,
                        long invokeNanos, long returnNanos, byte[] output, boolean casApplied, boolean completed) {

    /** The return time of an operation whose outcome is unknown: it may take effect at any later time. */
    public static final long UNKNOWN_RETURN = Long.MAX_VALUE;

    /**
     * Checks that the fields describe one well-formed operation.
     *
     * @throws IllegalArgumentException naming the operation and the inconsistency
     */
    public Operation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        if (kind.takesValue() && value == null) {
            throw new IllegalArgumentException("operation " + id + ": " + kind + " needs a value");
        }
        if (!kind.takesValue() && value != null) {
            throw new IllegalArgumentException("operation " + id + ": " + kind + " takes no value");
        }
        if (kind != OpKind.CAS && expected != null) {
            throw new IllegalArgumentException("operation " + id + ": only CAS takes an expected value, not " + kind);
        }
        if (returnNanos < invokeNanos) {
            throw new IllegalArgumentException("operation " + id + " returns at " + returnNanos
                    + " ns, before its invocation at " + invokeNanos + " ns");
        }
        if (!completed && (returnNanos != UNKNOWN_RETURN || output != null || casApplied)) {
            throw new IllegalArgumentException("operation " + id
                    + " has an unknown outcome, so it has no return time, output or CAS result");
        }
        key = key.clone();
        value = copy(value);
        expected = copy(expected);
        output = copy(output);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] value() {
        return copy(value);
    }

    @Override
    public byte[] expected() {
        return copy(expected);
    }

    @Override
    public byte[] output() {
        return copy(output);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Operation other
                && id == other.id && clientId == other.clientId && kind == other.kind
                && invokeNanos == other.invokeNanos && returnNanos == other.returnNanos
                && casApplied == other.casApplied && completed == other.completed
                && Arrays.equals(key, other.key) && Arrays.equals(value, other.value)
                && Arrays.equals(expected, other.expected) && Arrays.equals(output, other.output);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(id, clientId, kind, invokeNanos, returnNanos, casApplied, completed);
        h = 31 * h + Arrays.hashCode(key);
        h = 31 * h + Arrays.hashCode(value);
        h = 31 * h + Arrays.hashCode(expected);
        return 31 * h + Arrays.hashCode(output);
    }

    @Override
    public String toString() {
        return "#" + id + " " + OperationFormat.describe(this, 0);
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }
}

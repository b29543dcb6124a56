package io.eraft.shardkv.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequential model of one key, compiled for the search. A state is the key's value, interned to a small int so
 * that equal values get equal ints: {@link #ABSENT} is the absent key, every other int one distinct byte string.
 * Operations are numbered by their index in the list given to the constructor.
 */
final class KeyModel {
    /** The state of an absent key. */
    static final int ABSENT = 0;
    /** What {@link #step} returns when the operation's outcome contradicts the state. */
    static final int INVALID = -1;

    private final List<byte[]> values = new ArrayList<>();
    private final Map<ByteKey, Integer> ids = new HashMap<>();
    private final Map<Long, Integer> appends = new HashMap<>();
    private final OpKind[] kinds;
    private final int[] inputs;
    private final int[] expecteds;
    private final int[] outputs;
    private final boolean[] applied;
    private final boolean[] completed;
    private long bytes;

    /** Compiles the operations of one key; unknown-outcome GETs must already be left out. */
    KeyModel(List<Operation> ops) {
        values.add(null);
        int n = ops.size();
        kinds = new OpKind[n];
        inputs = new int[n];
        expecteds = new int[n];
        outputs = new int[n];
        applied = new boolean[n];
        completed = new boolean[n];
        for (int i = 0; i < n; i++) {
            Operation op = ops.get(i);
            if (op.kind() == OpKind.GET && !op.completed()) {
                throw new IllegalArgumentException("operation " + op.id() + ": an unknown GET constrains nothing"
                        + " and must be left out of the model");
            }
            kinds[i] = op.kind();
            inputs[i] = intern(op.value());
            expecteds[i] = intern(op.expected());
            outputs[i] = op.kind() == OpKind.GET ? intern(op.output()) : ABSENT;
            applied[i] = op.casApplied();
            completed[i] = op.completed();
        }
    }

    /** The state after operation {@code op} runs in {@code state}, or {@link #INVALID} if its outcome contradicts. */
    int step(int op, int state) {
        return switch (kinds[op]) {
            case GET -> outputs[op] == state ? state : INVALID;
            case PUT -> inputs[op];
            case APPEND -> append(state, inputs[op]);
            case DELETE -> ABSENT;
            case CAS -> compareAndSet(op, state);
        };
    }

    private int compareAndSet(int op, int state) {
        boolean matches = state == expecteds[op];
        if (completed[op] && applied[op] != matches) {
            return INVALID;
        }
        return matches ? inputs[op] : state;
    }

    /**
     * Whether {@code op} never changes the state where it is valid: a GET, or a CAS that reported not applied. Such
     * an operation, once it can go next, may as well go next: moving it forward in any linearization keeps the
     * linearization valid, so the search never needs to try other operations before it.
     */
    boolean isPure(int op) {
        return kinds[op] == OpKind.GET || (kinds[op] == OpKind.CAS && completed[op] && !applied[op]);
    }

    /** Why operation {@code op} cannot be linearized next when the key is in {@code state}. */
    String whyNotNext(int op, int state) {
        String current = OperationFormat.quoted(value(state));
        if (step(op, state) != INVALID) {
            return "it fits when the value is " + current
                    + ", but no consistent order of the remaining operations follows it";
        }
        if (kinds[op] == OpKind.GET) {
            return "the value at that point is " + current;
        }
        return applied[op]
                ? "it claims to have been applied, but the value at that point is " + current
                + ", not the expected " + OperationFormat.quoted(value(expecteds[op]))
                : "it claims not to have been applied, but the value at that point equals the expected " + current;
    }

    /** An estimate of the memory the interned values and the append memo hold. */
    long bytes() {
        return bytes;
    }

    /** The value of a state; null for {@link #ABSENT}. Not a copy: never mutate. */
    byte[] value(int state) {
        return values.get(state);
    }

    private int append(int state, int suffix) {
        long memoKey = ((long) state << 32) | suffix;
        Integer known = appends.get(memoKey);
        if (known != null) {
            return known;
        }
        byte[] prefix = state == ABSENT ? new byte[0] : values.get(state);
        byte[] tail = values.get(suffix);
        byte[] joined = new byte[prefix.length + tail.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        System.arraycopy(tail, 0, joined, prefix.length, tail.length);
        int result = intern(joined);
        appends.put(memoKey, result);
        bytes += 64;
        return result;
    }

    private int intern(byte[] value) {
        if (value == null) {
            return ABSENT;
        }
        return ids.computeIfAbsent(new ByteKey(value), k -> {
            values.add(k.bytes());
            bytes += 96 + k.bytes().length;
            return values.size() - 1;
        });
    }
}

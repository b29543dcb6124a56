package io.eraft.shardkv.linearizability;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread-safe recorder of client operations for the {@link LinearizabilityChecker}. A client calls
 * {@link #invoke} just before sending a request and {@link #ok} when the reply arrives, or {@link #unknown} when it
 * gives up (timeout, crash). Times come from {@link System#nanoTime()} unless the caller passes them; one history
 * must use one clock.
 */
public final class History {
    private enum Outcome { PENDING, OK, UNKNOWN }

    private final List<Operation> operations = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();

    /** An empty history. */
    public History() {
    }

    /**
     * Records the invocation of an operation now.
     *
     * @param value    the PUT value, APPEND suffix or CAS new value; null for GET and DELETE
     * @param expected the CAS expected value (null = "must be absent"); null for every other kind
     * @return the operation's id, to pass to {@link #ok} or {@link #unknown}
     * @throws IllegalArgumentException when the value or expected value does not fit the kind
     */
    public long invoke(int clientId, OpKind kind, byte[] key, byte[] value, byte[] expected) {
        return invoke(clientId, kind, key, value, expected, System.nanoTime());
    }

    /**
     * Records the invocation of an operation at {@code atNanos}; see
     * {@link #invoke(int, OpKind, byte[], byte[], byte[])}.
     */
    public long invoke(int clientId, OpKind kind, byte[] key, byte[] value, byte[] expected, long atNanos) {
        synchronized (operations) {
            long id = operations.size();
            operations.add(new Operation(id, clientId, kind, key, value, expected, atNanos,
                    Operation.UNKNOWN_RETURN, null, false, false));
            outcomes.add(Outcome.PENDING);
            return id;
        }
    }

    /**
     * Records the reply to an operation now.
     *
     * @param output     the value a GET returned (null = absent); ignored for other kinds
     * @param casApplied whether a CAS was applied; ignored for other kinds
     * @throws IllegalArgumentException when there is no such operation
     * @throws IllegalStateException    when its outcome was already recorded
     */
    public void ok(long opId, byte[] output, boolean casApplied) {
        ok(opId, output, casApplied, System.nanoTime());
    }

    /**
     * Records the reply to an operation at {@code atNanos}; see {@link #ok(long, byte[], boolean)}.
     *
     * @throws IllegalArgumentException also when {@code atNanos} is before the invocation
     */
    public void ok(long opId, byte[] output, boolean casApplied, long atNanos) {
        synchronized (operations) {
            int index = pendingIndex(opId);
            Operation op = operations.get(index);
            operations.set(index, new Operation(op.id(), op.clientId(), op.kind(), op.key(), op.value(),
                    op.expected(), op.invokeNanos(), atNanos, output, casApplied, true));
            outcomes.set(index, Outcome.OK);
        }
    }

    /**
     * Records that an operation got no reply: it may or may not have taken effect, at any time after its
     * invocation.
     *
     * @throws IllegalArgumentException when there is no such operation
     * @throws IllegalStateException    when its outcome was already recorded
     */
    public void unknown(long opId) {
        synchronized (operations) {
            outcomes.set(pendingIndex(opId), Outcome.UNKNOWN);
        }
    }

    /**
     * A copy of the operations, in the order {@link #invoke} was called. Operations still awaiting their outcome
     * are reported as unknown ({@code completed == false}), which is what they are until the reply arrives.
     */
    public List<Operation> operations() {
        synchronized (operations) {
            return List.copyOf(operations);
        }
    }

    /** The number of operations invoked so far. */
    public int size() {
        synchronized (operations) {
            return operations.size();
        }
    }

    private int pendingIndex(long opId) {
        if (opId < 0 || opId >= operations.size()) {
            throw new IllegalArgumentException("no operation with id " + opId + " in this history");
        }
        int index = (int) opId;
        Outcome outcome = outcomes.get(index);
        if (outcome != Outcome.PENDING) {
            throw new IllegalStateException("operation " + opId + " already has its outcome recorded as " + outcome);
        }
        return index;
    }
}

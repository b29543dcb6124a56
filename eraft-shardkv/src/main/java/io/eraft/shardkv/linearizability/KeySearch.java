package io.eraft.shardkv.linearizability;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The linearizability search for one key: Wing and Gong's backtracking search with Lowe's just-in-time
 * linearization (only operations invoked before the earliest pending return are candidates) and memoization of
 * the (linearized set, state) pairs already explored, as in Porcupine. Unknown-outcome writes return at +infinity,
 * so they may be linearized anywhere after their invocation; leaving one for the very end is the same as it never
 * taking effect.
 *
 * <p>One pruning beyond Porcupine: when a pure operation ({@link KeyModel#isPure}) that can go next leads nowhere,
 * nothing else can go next either (any linearization could be rearranged to put it next), so the search backs up
 * one more level at once instead of trying the other candidates.
 */
final class KeySearch {
    /** How many search steps run between two looks at the clock and the memory estimate. */
    private static final int STEPS_PER_CHECK = 1024;

    /** What the search found. */
    enum Status { LINEARIZABLE, NOT_LINEARIZABLE, OUT_OF_TIME, OUT_OF_MEMORY }

    /**
     * The search's outcome.
     *
     * @param longestPrefix for NOT_LINEARIZABLE, the longest sequence of operations (by index) that could be
     *                      linearized; empty otherwise
     */
    record Outcome(Status status, int[] longestPrefix) {
    }

    private final KeyModel model;
    private final EventList events;
    private final long[] zobrist;
    private final long[] linearized;
    private final LinearizationCache cache = new LinearizationCache();
    private final int[] stackOps;
    private final int[] stackStates;
    private final boolean[] stackPure;
    private int depth;
    private int state = KeyModel.ABSENT;
    private long setHash;
    private int entry;
    private int[] longest = new int[0];

    private KeySearch(KeyModel model, EventList events, int operationCount) {
        this.model = model;
        this.events = events;
        this.zobrist = new SplittableRandom(0x5EED_1_A2L).longs(operationCount).toArray();
        this.linearized = new long[(operationCount + 63) >>> 6];
        this.stackOps = new int[operationCount];
        this.stackStates = new int[operationCount];
        this.stackPure = new boolean[operationCount];
    }

    /**
     * Searches for a linearization of {@code operationCount} operations, giving up when the time budget runs out
     * or the memo and model grow beyond {@code memoryLimitBytes}.
     */
    static Outcome run(KeyModel model, EventList events, int operationCount, Budget budget, long memoryLimitBytes) {
        return new KeySearch(model, events, operationCount).search(budget, memoryLimitBytes);
    }

    private Outcome search(Budget budget, long memoryLimitBytes) {
        long steps = 0;
        entry = events.first();
        while (events.first() != EventList.NIL) {
            if (steps++ % STEPS_PER_CHECK == 0) {
                if (budget.exhausted()) {
                    return new Outcome(Status.OUT_OF_TIME, new int[0]);
                }
                if (cache.bytes() + model.bytes() > memoryLimitBytes) {
                    return new Outcome(Status.OUT_OF_MEMORY, new int[0]);
                }
            }
            if (EventList.isCall(entry)) {
                int op = EventList.op(entry);
                int next = model.step(op, state);
                if (next == KeyModel.INVALID) {
                    entry = events.next(entry);
                } else if (firstVisit(op, next)) {
                    push(op, next);
                } else if (!model.isPure(op)) {
                    entry = events.next(entry);
                } else if (!backtrack()) {
                    // Placing this pure operation next was explored and failed, so this prefix fails too.
                    return new Outcome(Status.NOT_LINEARIZABLE, longest);
                }
            } else {
                // The earliest pending return: its operation had to be linearized by now and could not be.
                if (depth > longest.length) {
                    longest = Arrays.copyOf(stackOps, depth);
                }
                if (!backtrack()) {
                    return new Outcome(Status.NOT_LINEARIZABLE, longest);
                }
            }
        }
        return new Outcome(Status.LINEARIZABLE, new int[0]);
    }

    /** Records (linearized set plus {@code op}, {@code next}) in the memo; false if it was explored before. */
    private boolean firstVisit(int op, int next) {
        flip(op);
        boolean added = cache.add(linearized, setHash ^ zobrist[op], next);
        flip(op);
        return added;
    }

    private void push(int op, int next) {
        flip(op);
        setHash ^= zobrist[op];
        stackOps[depth] = op;
        stackStates[depth] = state;
        stackPure[depth] = model.isPure(op);
        depth++;
        state = next;
        events.lift(op);
        entry = events.first();
    }

    /**
     * Abandons the current prefix: undoes its last operation and moves on to the next candidate in its place, or
     * keeps undoing while the undone operation was pure. Returns false when there is nothing left to undo.
     */
    private boolean backtrack() {
        while (depth > 0) {
            depth--;
            int undone = stackOps[depth];
            state = stackStates[depth];
            flip(undone);
            setHash ^= zobrist[undone];
            events.unlift(undone);
            if (!stackPure[depth]) {
                entry = events.next(EventList.call(undone));
                return true;
            }
        }
        return false;
    }

    private void flip(int op) {
        linearized[op >>> 6] ^= 1L << op;
    }
}

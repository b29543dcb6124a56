package io.eraft.shardkv.linearizability;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The call and return events of one key's operations, in time order, as a doubly linked list that the search
 * unlinks from ("lifts") and relinks into in last-out order. Entry 0 is the head sentinel; operation {@code i} has
 * its call at entry {@code 2i+1} and its return at entry {@code 2i+2}. At equal times calls come before returns,
 * so operations that touch at one instant count as concurrent.
 */
final class EventList {
    static final int HEAD = 0;
    static final int NIL = -1;

    private final int[] next;
    private final int[] prev;

    /** Builds the list from each operation's invocation and return time (indexed by operation). */
    EventList(long[] invokeNanos, long[] returnNanos) {
        int n = invokeNanos.length;
        int size = 2 * n + 1;
        next = new int[size];
        prev = new int[size];
        Integer[] order = new Integer[2 * n];
        for (int e = 1; e < size; e++) {
            order[e - 1] = e;
        }
        Comparator<Integer> byTime = Comparator
                .comparingLong((Integer e) -> isCall(e) ? invokeNanos[op(e)] : returnNanos[op(e)])
                .thenComparing(e -> isCall(e) ? 0 : 1)
                .thenComparingInt(e -> e);
        Arrays.sort(order, byTime);
        int last = HEAD;
        prev[HEAD] = NIL;
        for (int e : order) {
            next[last] = e;
            prev[e] = last;
            last = e;
        }
        next[last] = NIL;
    }

    static int op(int entry) {
        return (entry - 1) / 2;
    }

    static boolean isCall(int entry) {
        return (entry & 1) == 1;
    }

    static int call(int op) {
        return 2 * op + 1;
    }

    int first() {
        return next[HEAD];
    }

    int next(int entry) {
        return next[entry];
    }

    /** Unlinks an operation's call and return entries. */
    void lift(int op) {
        unlink(call(op));
        unlink(call(op) + 1);
    }

    /** Relinks the entries of the operation lifted most recently. */
    void unlift(int op) {
        relink(call(op) + 1);
        relink(call(op));
    }

    private void unlink(int e) {
        next[prev[e]] = next[e];
        if (next[e] != NIL) {
            prev[next[e]] = prev[e];
        }
    }

    private void relink(int e) {
        next[prev[e]] = e;
        if (next[e] != NIL) {
            prev[next[e]] = e;
        }
    }
}

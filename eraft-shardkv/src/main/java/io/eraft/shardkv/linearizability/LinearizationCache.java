package io.eraft.shardkv.linearizability;

import java.util.Arrays;

/**
 * The search's memo: the (set of linearized operations, model state) pairs already explored. An open-addressing
 * hash set; the caller supplies the set's hash, which it keeps up to date incrementally.
 *
 * <p>Operations are numbered in invocation order, so a linearized set is nearly always "every operation below
 * some index, plus a few just above it". A set is therefore stored compactly: the index of its first word that is
 * not all ones, and the words from there to its last non-zero word. The memo's size is then proportional to the
 * concurrency, not to the length of the history.
 */
final class LinearizationCache {
    private static final long STATE_MIX = 0x9E3779B97F4A7C15L;
    /** Rough bytes per entry besides its words: the array header, the slot arrays and the load factor. */
    private static final long ENTRY_OVERHEAD = 64;

    private long[] hashes = new long[1024];
    private int[] states = new int[1024];
    private int[] bases = new int[1024];
    private long[][] tails = new long[1024][];
    private int size;
    private long bytes;

    /** Adds the pair unless present; does not keep {@code set}. Returns whether it was added. */
    boolean add(long[] set, long setHash, int state) {
        int base = firstNotFull(set);
        int end = lastNonZero(set) + 1;
        long hash = mix(setHash ^ (state * STATE_MIX));
        int mask = tails.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            if (tails[i] == null) {
                hashes[i] = hash;
                states[i] = state;
                bases[i] = base;
                tails[i] = Arrays.copyOfRange(set, base, Math.max(base, end));
                bytes += ENTRY_OVERHEAD + 8L * tails[i].length;
                if (++size * 2 > tails.length) {
                    grow();
                }
                return true;
            }
            if (hashes[i] == hash && states[i] == state && bases[i] == base
                    && Arrays.equals(tails[i], 0, tails[i].length, set, base, Math.max(base, end))) {
                return false;
            }
        }
    }

    int size() {
        return size;
    }

    /** An estimate of the memory the memo holds. */
    long bytes() {
        return bytes;
    }

    private static int firstNotFull(long[] set) {
        int w = 0;
        while (w < set.length && set[w] == -1L) {
            w++;
        }
        return w;
    }

    private static int lastNonZero(long[] set) {
        int w = set.length - 1;
        while (w >= 0 && set[w] == 0) {
            w--;
        }
        return w;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldStates = states;
        int[] oldBases = bases;
        long[][] oldTails = tails;
        int capacity = oldTails.length * 2;
        hashes = new long[capacity];
        states = new int[capacity];
        bases = new int[capacity];
        tails = new long[capacity][];
        int mask = capacity - 1;
        for (int j = 0; j < oldTails.length; j++) {
            if (oldTails[j] != null) {
                int i = (int) oldHashes[j] & mask;
                while (tails[i] != null) {
                    i = (i + 1) & mask;
                }
                hashes[i] = oldHashes[j];
                states[i] = oldStates[j];
                bases[i] = oldBases[j];
                tails[i] = oldTails[j];
            }
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}

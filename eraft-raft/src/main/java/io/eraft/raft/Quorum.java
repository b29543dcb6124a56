package io.eraft.raft;

import java.util.Arrays;

/** Majority arithmetic over a configuration's voters. */
final class Quorum {
    private Quorum() {
    }

    /** Votes needed out of {@code voters}. */
    static int majority(int voters) {
        return voters / 2 + 1;
    }

    /**
     * The highest value that a majority has reached: sort descending and take the majority-th element. Used for the
     * commit index (match indexes) and confirmed ReadIndex rounds.
     */
    static long committed(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - majority(sorted.length)];
    }
}

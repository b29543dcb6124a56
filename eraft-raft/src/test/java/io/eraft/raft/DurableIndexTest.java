package io.eraft.raft;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DurableIndexTest {

    @Test
    void appendsAdvanceTheDurableIndexInOrder() {
        DurableIndex d = new DurableIndex(0);
        long a = d.beforeAppend(1, 0);
        long b = d.beforeAppend(4, 3);
        assertEquals(3, d.completed(a, 3));
        assertEquals(6, d.completed(b, 6));
    }

    @Test
    void anEarlierAppendCompletingAfterATruncationCountsOnlyUpToTheTruncationPoint() {
        DurableIndex d = new DurableIndex(2);
        long a = d.beforeAppend(3, 2);      // writes 3..10
        long b = d.beforeAppend(7, 10);     // truncates from 7, writes 7..8
        assertEquals(2, d.get());
        assertEquals(6, d.completed(a, 10), "entries 7..10 of the first append were replaced");
        assertEquals(8, d.completed(b, 8));
    }

    @Test
    void truncationBelowTheDurableIndexLowersIt() {
        DurableIndex d = new DurableIndex(10);
        long t = d.beforeAppend(5, 10);
        assertEquals(4, d.get());
        assertEquals(6, d.completed(t, 6));
    }

    @Test
    void resetAfterSnapshotInstallForgetsPendingTruncations() {
        DurableIndex d = new DurableIndex(3);
        long a = d.beforeAppend(2, 3);
        d.reset(50);
        assertEquals(50, d.get());
        assertEquals(50, d.completed(a, 2));
    }
}

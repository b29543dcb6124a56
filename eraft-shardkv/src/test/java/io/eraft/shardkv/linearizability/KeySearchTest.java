package io.eraft.shardkv.linearizability;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeySearchTest {
    private static KeySearch.Outcome search(List<Operation> ops, long memoryLimitBytes) {
        long[] invoke = ops.stream().mapToLong(Operation::invokeNanos).toArray();
        long[] ret = ops.stream().mapToLong(Operation::returnNanos).toArray();
        return KeySearch.run(new KeyModel(ops), new EventList(invoke, ret), ops.size(),
                new Budget(Duration.ofSeconds(10)), memoryLimitBytes);
    }

    @Test
    void searchGivesUpWhenTheMemoOutgrowsItsMemoryLimit() {
        HistoryBuilder b = new HistoryBuilder();
        for (int i = 0; i < 16; i++) {
            b.append(i, "k", String.valueOf((char) ('a' + i)), 0, 10);
        }
        b.get(99, "k", "impossible", 20, 21);

        KeySearch.Outcome outcome = search(b.build(), 64 * 1024);

        assertEquals(KeySearch.Status.OUT_OF_MEMORY, outcome.status());
    }

    @Test
    void violationReportsTheLongestLinearizablePrefix() {
        List<Operation> ops = new HistoryBuilder()
                .put(1, "k", "a", 0, 1)
                .append(1, "k", "b", 2, 3)
                .get(2, "k", "a", 4, 5)
                .build();

        KeySearch.Outcome outcome = search(ops, Long.MAX_VALUE);

        assertEquals(KeySearch.Status.NOT_LINEARIZABLE, outcome.status());
        assertArrayEquals(new int[] {0, 1}, outcome.longestPrefix());
    }

    @Test
    void memoTellsEqualSetsAndStatesApartFromDifferentOnes() {
        LinearizationCache cache = new LinearizationCache();
        long[] set = new long[3];
        assertTrue(cache.add(set, 0, 0), "empty set is new");
        assertFalse(cache.add(set, 0, 0), "empty set again");
        assertTrue(cache.add(set, 0, 1), "same set, other state");
        set[0] = -1L;
        set[1] = 0b101;
        assertTrue(cache.add(set, 7, 0));
        set[1] = 0b100;
        assertTrue(cache.add(set, 7, 0), "same hash and base, different tail");
        set[1] = 0b101;
        assertFalse(cache.add(set, 7, 0), "stored compactly, still found");
        set[2] = 1;
        assertTrue(cache.add(set, 7, 0), "longer tail");
        assertEquals(5, cache.size());
        for (int i = 0; i < 5000; i++) {
            set[2] = i;
            cache.add(set, i * 31L, i % 3);
        }
        set[2] = 4321;
        assertFalse(cache.add(set, 4321 * 31L, 4321 % 3), "found after the table grew");
    }
}

package io.eraft.shardkv.linearizability;

import io.eraft.shardkv.linearizability.CheckResult.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.eraft.shardkv.linearizability.HistoryBuilder.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownHistoriesTest {
    private static final Duration BUDGET = Duration.ofSeconds(10);

    private static CheckResult check(HistoryBuilder history) {
        return LinearizabilityChecker.check(history.build(), BUDGET);
    }

    private static void assertLinearizable(HistoryBuilder history, int keys) {
        CheckResult result = check(history);
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::explanation);
        assertNull(result.key());
        assertEquals(keys, result.keysChecked());
    }

    private static CheckResult assertViolation(HistoryBuilder history, String key) {
        CheckResult result = check(history);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::explanation);
        assertArrayEquals(bytes(key), result.key(), result::explanation);
        assertTrue(result.explanation().startsWith("key " + key + " is not linearizable"), result::explanation);
        return result;
    }

    @Test
    void sequentialHistoryOfEveryKindIsLinearizable() {
        assertLinearizable(new HistoryBuilder()
                .get(1, "k", null, 0, 1)
                .put(1, "k", "a", 2, 3)
                .get(2, "k", "a", 4, 5)
                .append(1, "k", "b", 6, 7)
                .get(2, "k", "ab", 8, 9)
                .delete(1, "k", 10, 11)
                .get(2, "k", null, 12, 13)
                .append(1, "k", "x", 14, 15)
                .get(2, "k", "x", 16, 17), 1);
    }

    @Test
    void emptyHistoryIsLinearizableWithNoKeys() {
        CheckResult result = LinearizabilityChecker.check(List.of(), Duration.ZERO);
        assertEquals(Verdict.LINEARIZABLE, result.verdict());
        assertEquals(0, result.keysChecked());
    }

    @Test
    void concurrentWritesMayBeReadInEitherOrder() {
        // Two overlapping puts; reads during them see a then b, or b then a: both orders are linearizable.
        assertLinearizable(new HistoryBuilder()
                .put(1, "k", "a", 0, 100)
                .put(2, "k", "b", 0, 100)
                .get(3, "k", "a", 10, 20)
                .get(3, "k", "b", 30, 40)
                .get(3, "k", "b", 110, 120), 1);
        assertLinearizable(new HistoryBuilder()
                .put(1, "k", "a", 0, 100)
                .put(2, "k", "b", 0, 100)
                .get(3, "k", "b", 10, 20)
                .get(3, "k", "a", 30, 40)
                .get(3, "k", "a", 110, 120), 1);
    }

    @Test
    void readConcurrentWithWriteMaySeeOldOrNewValue() {
        assertLinearizable(new HistoryBuilder()
                .put(1, "k", "old", 0, 1)
                .put(1, "k", "new", 10, 20)
                .get(2, "k", "new", 11, 12)
                .get(3, "k", "old", 11, 19), 1);
    }

    @Test
    void unknownWriteThatTookEffectIsLinearizable() {
        assertLinearizable(new HistoryBuilder()
                .put(1, "k", "a", 0, 1)
                .unknown(2, OpKind.PUT, "k", "b", null, 2)
                .get(1, "k", "b", 50, 51), 1);
    }

    @Test
    void unknownWriteThatNeverTookEffectIsLinearizable() {
        assertLinearizable(new HistoryBuilder()
                .put(1, "k", "a", 0, 1)
                .unknown(2, OpKind.APPEND, "k", "b", null, 2)
                .get(1, "k", "a", 50, 51)
                .get(1, "k", "a", 60, 61), 1);
    }

    @Test
    void unknownWriteMayTakeEffectLongAfterItsClientMovedOn() {
        assertLinearizable(new HistoryBuilder()
                .unknown(1, OpKind.PUT, "k", "late", null, 0)
                .put(1, "k", "a", 10, 11)
                .get(2, "k", "a", 20, 21)
                .get(2, "k", "late", 1000, 1001), 1);
    }

    @Test
    void unknownGetConstrainsNothing() {
        assertLinearizable(new HistoryBuilder()
                .put(1, "k", "a", 0, 1)
                .unknown(2, OpKind.GET, "k", null, null, 2)
                .get(1, "k", "a", 3, 4), 1);
    }

    @Test
    void casSuccessAndFailureAreLinearizable() {
        assertLinearizable(new HistoryBuilder()
                .cas(1, "k", null, "a", true, 0, 1)
                .cas(1, "k", null, "z", false, 2, 3)
                .cas(2, "k", "a", "b", true, 4, 5)
                .cas(2, "k", "a", "c", false, 6, 7)
                .get(1, "k", "b", 8, 9), 1);
    }

    @Test
    void concurrentCasContentionWithOneWinnerIsLinearizable() {
        assertLinearizable(new HistoryBuilder()
                .cas(1, "k", null, "x", false, 0, 10)
                .cas(2, "k", null, "y", true, 0, 10)
                .get(3, "k", "y", 20, 21), 1);
    }

    @Test
    void unknownCasMayApplyOrNot() {
        assertLinearizable(new HistoryBuilder()
                .put(1, "k", "a", 0, 1)
                .unknown(2, OpKind.CAS, "k", "b", "a", 2)
                .get(1, "k", "b", 10, 11), 1);
        assertLinearizable(new HistoryBuilder()
                .put(1, "k", "a", 0, 1)
                .unknown(2, OpKind.CAS, "k", "b", "a", 2)
                .get(1, "k", "a", 10, 11), 1);
    }

    @Test
    void independentKeysAreCheckedSeparately() {
        // On one register this would be a stale read; on two keys each key is fine.
        assertLinearizable(new HistoryBuilder()
                .put(1, "x", "1", 0, 1)
                .put(1, "y", "1", 2, 3)
                .get(2, "x", "1", 4, 5)
                .get(2, "y", "1", 6, 7), 2);
    }

    @Test
    void staleReadAfterAcknowledgedWriteIsNamed() {
        CheckResult result = assertViolation(new HistoryBuilder()
                .put(1, "ok-key", "v", 0, 1)
                .get(1, "ok-key", "v", 2, 3)
                .put(1, "k1", "a", 0, 10)
                .put(1, "k1", "b", 20, 30)
                .get(2, "k1", "a", 40, 50), "k1");
        assertTrue(result.explanation().contains("client 2: GET(k1) [t=40ms..50ms] -> \"a\""), result::explanation);
        assertTrue(result.explanation().contains("the value at that point is \"b\""), result::explanation);
    }

    @Test
    void unknownWriteSeenThenUnseenIsNamed() {
        assertViolation(new HistoryBuilder()
                .put(1, "k", "a", 0, 1)
                .unknown(2, OpKind.PUT, "k", "b", null, 2)
                .get(1, "k", "b", 50, 51)
                .get(1, "k", "a", 60, 61), "k");
    }

    @Test
    void lostUpdateIsNamed() {
        // The acknowledged put of "b" is never visible; later reads keep seeing the older "a".
        assertViolation(new HistoryBuilder()
                .put(1, "k2", "a", 0, 10)
                .put(2, "k2", "b", 20, 30)
                .get(3, "k2", "a", 25, 28)
                .get(3, "k2", "a", 40, 45)
                .get(1, "k2", "a", 50, 55)
                .put(1, "k3", "c", 0, 1), "k2");
    }

    @Test
    void duplicateAppendIsNamed() {
        CheckResult result = assertViolation(new HistoryBuilder()
                .put(1, "log", "", 0, 1)
                .append(1, "log", "x", 2, 3)
                .append(2, "log", "y", 2, 4)
                .get(3, "log", "xyx", 5, 6), "log");
        assertTrue(result.explanation().contains("-> \"xyx\""), result::explanation);
    }

    @Test
    void casClaimingSuccessWhenValueCouldNotMatchIsNamed() {
        CheckResult result = assertViolation(new HistoryBuilder()
                .put(1, "k", "a", 0, 1)
                .cas(2, "k", "b", "c", true, 2, 3), "k");
        assertTrue(result.explanation().contains("claims to have been applied, but the value at that point is"
                + " \"a\", not the expected \"b\""), result::explanation);
    }

    @Test
    void casClaimingFailureWhenValueMatchedIsNamed() {
        assertViolation(new HistoryBuilder()
                .put(1, "k", "a", 0, 1)
                .cas(2, "k", "a", "c", false, 2, 3), "k");
    }

    @Test
    void readOfValueNobodyWroteIsNamed() {
        assertViolation(new HistoryBuilder()
                .put(1, "k", "a", 0, 1)
                .put(2, "k", "b", 0, 1)
                .get(3, "k", "c", 2, 3), "k");
    }

    @Test
    void readOfAbsentKeyAfterAcknowledgedPutIsNamed() {
        assertViolation(new HistoryBuilder()
                .put(1, "k", "a", 0, 1)
                .get(2, "k", null, 2, 3), "k");
    }

    @Test
    void firstFailingKeyInUnsignedOrderIsReported() {
        // Keys a (fine), b (bad) and 0x80 (bad): 0x80 sorts after b unsigned, but before a if compared signed.
        List<Operation> ops = new ArrayList<>(new HistoryBuilder()
                .get(1, "b", "ghost", 0, 1)
                .get(1, "a", null, 0, 1)
                .build());
        ops.add(new Operation(2, 1, OpKind.GET, new byte[] {(byte) 0x80}, null, null, 0, 1, bytes("ghost"), false,
                true));
        CheckResult result = LinearizabilityChecker.check(ops, BUDGET);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertArrayEquals(bytes("b"), result.key(), result::explanation);
        assertEquals(2, result.keysChecked(), "keys a and b were decided");
    }
}

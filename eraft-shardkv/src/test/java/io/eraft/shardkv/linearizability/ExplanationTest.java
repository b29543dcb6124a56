package io.eraft.shardkv.linearizability;

import io.eraft.shardkv.linearizability.CheckResult.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplanationTest {
    @Test
    void violationShowsLongestPrefixAndTheOperationThatCannotBePlaced() {
        HistoryBuilder history = new HistoryBuilder()
                .put(1, "k1", "a", 0, 1)
                .append(3, "k1", "x", 12.3, 13.1)
                .get(2, "k1", "wrong", 20, 21);

        CheckResult result = LinearizabilityChecker.check(history.build(), Duration.ofSeconds(5));

        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals(String.join("\n",
                "key k1 is not linearizable: no order of its 3 operations agrees with both their real-time order"
                        + " and a sequential key-value store.",
                "Longest linearizable prefix: 2 of 3 operations, leaving the value \"ax\":",
                "  client 1: PUT(k1, \"a\") [t=0ms..1ms] -> ok",
                "  client 3: APPEND(k1, \"x\") [t=12.3ms..13.1ms] -> ok",
                "Could not be placed next:",
                "  client 2: GET(k1) [t=20ms..21ms] -> \"wrong\" -- the value at that point is \"ax\""),
                result.explanation());
    }

    @Test
    void everyKindAndUnknownOutcomeIsPrintedReadably() {
        long ms = 1_000_000;
        byte[] key = {'k', 0x01};
        assertEquals("client 4: CAS(k\\x01, absent, \"n\") [t=1ms..2.5ms] -> not applied",
                OperationFormat.describe(new Operation(0, 4, OpKind.CAS, key, HistoryBuilder.bytes("n"), null,
                        ms, 5 * ms / 2, null, false, true), 0));
        assertEquals("client 4: DELETE(k\\x01) [t=0.001ms..?] -> unknown",
                OperationFormat.describe(new Operation(1, 4, OpKind.DELETE, key, null, null, ms + 1000,
                        Operation.UNKNOWN_RETURN, null, false, false), ms));
        assertEquals("client 0: GET(k\\x01) [t=0ms..0ms] -> absent",
                OperationFormat.describe(new Operation(2, 0, OpKind.GET, key, null, null, 7, 7, null, false, true),
                        7));
    }

    @Test
    void longPrefixIsCutToItsLastOperations() {
        HistoryBuilder history = new HistoryBuilder();
        for (int i = 0; i < 25; i++) {
            history.append(1, "k", "x", 2 * i, 2 * i + 1);
        }
        history.get(2, "k", "", 100, 101);

        String explanation = LinearizabilityChecker.check(history.build(), Duration.ofSeconds(5)).explanation();

        assertTrue(explanation.contains("Longest linearizable prefix: 25 of 26 operations"), explanation);
        assertTrue(explanation.contains("  ... (15 earlier operations)\n"), explanation);
        assertEquals(ViolationReport.PREFIX_LINES, explanation.lines().filter(l -> l.contains("APPEND")).count(),
                explanation);
    }
}

package io.eraft.shardkv.linearizability;

import io.eraft.shardkv.linearizability.CheckResult.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.eraft.shardkv.linearizability.HistoryBuilder.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratedHistoryTest {
    /** 10,000 operations over 100 keys from 20 clients; intervals overlap heavily; 1% get no reply. */
    private static final RegisterSimulation.Shape SHAPE =
            new RegisterSimulation.Shape(10_000, 100, 20, 0.01, 20_000, 200_000, 8);

    private static List<Operation> history;

    @BeforeAll
    static void generate() {
        history = RegisterSimulation.generate(42, SHAPE);
    }

    @Test
    void simulatedTenThousandOperationHistoryIsLinearizableInSeconds() {
        CheckResult result = LinearizabilityChecker.check(history, Duration.ofSeconds(60));
        System.out.printf("checked %d operations over %d keys in %d ms%n", history.size(), result.keysChecked(),
                result.took().toMillis());
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::explanation);
        assertEquals(100, result.keysChecked());
        assertTrue(result.took().compareTo(Duration.ofSeconds(30)) < 0, "took " + result.took());
    }

    @Test
    void sameHistoryWithOneReadCorruptedIsNotLinearizable() {
        List<Operation> corrupted = new ArrayList<>(history);
        int victim = corrupted.size() / 2;
        while (corrupted.get(victim).kind() != OpKind.GET || !corrupted.get(victim).completed()) {
            victim++;
        }
        Operation read = corrupted.get(victim);
        corrupted.set(victim, RegisterSimulation.withOutcome(read, bytes("corrupted"), false));

        CheckResult result = LinearizabilityChecker.check(corrupted, Duration.ofSeconds(60));

        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::explanation);
        assertArrayEquals(read.key(), result.key());
        assertTrue(result.explanation().contains("-> \"corrupted\""), result::explanation);
    }

    @Test
    void tooSmallBudgetGivesUnknownNotAVerdict() {
        CheckResult result = LinearizabilityChecker.check(history, Duration.ofNanos(1));
        assertEquals(Verdict.UNKNOWN, result.verdict(), result::explanation);
        assertTrue(result.explanation().contains("ran out"), result::explanation);
    }

    @Test
    void budgetStopsAnExponentialSearchWithUnknown() {
        // 18 concurrent appends of distinct letters, then a read showing one of them twice: refuting it means
        // trying every order of the appends, far more than a 200 ms budget allows.
        HistoryBuilder b = new HistoryBuilder();
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 18; i++) {
            String letter = String.valueOf((char) ('a' + i));
            b.append(i, "k", letter, 0, 10);
            seen.append(letter);
        }
        b.get(99, "k", seen.append('a').toString(), 20, 21);

        CheckResult result = LinearizabilityChecker.check(b.build(), Duration.ofMillis(200));

        assertEquals(Verdict.UNKNOWN, result.verdict(), result::explanation);
        assertArrayEquals(bytes("k"), result.key());
        assertEquals(0, result.keysChecked());
        assertTrue(result.took().compareTo(Duration.ofSeconds(10)) < 0, "took " + result.took());
    }
}

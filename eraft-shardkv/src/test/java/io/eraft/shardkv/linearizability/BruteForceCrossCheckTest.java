package io.eraft.shardkv.linearizability;

import io.eraft.shardkv.linearizability.CheckResult.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.eraft.shardkv.linearizability.HistoryBuilder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BruteForceCrossCheckTest {
    private static final String[] READ_VALUES = {null, "", "a", "b", "ab", "ba", "aa", "bb"};

    @Test
    void checkerAgreesWithBruteForceOnTinyRandomHistories() {
        Random random = new Random(7);
        int linearizable = 0;
        int violating = 0;
        for (int round = 0; round < 3000; round++) {
            List<Operation> ops = tinyHistory(random);
            boolean expected = BruteForceChecker.linearizable(ops);
            CheckResult result = LinearizabilityChecker.check(ops, Duration.ofSeconds(10));
            Verdict want = expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE;
            assertEquals(want, result.verdict(), () -> "round with history " + ops + ": " + result.explanation());
            if (expected) {
                linearizable++;
            } else {
                violating++;
            }
        }
        // Both verdicts must be well represented, or the comparison proves little.
        assertTrue(linearizable > 500, "linearizable histories: " + linearizable);
        assertTrue(violating > 500, "violating histories: " + violating);
    }

    /** A simulated (linearizable) history of 1 to 7 operations on 1 or 2 keys, then mutated half of the time. */
    private static List<Operation> tinyHistory(Random random) {
        RegisterSimulation.Shape shape = new RegisterSimulation.Shape(1 + random.nextInt(7), 1 + random.nextInt(2),
                1 + random.nextInt(3), 0.15, 3, 4, 2);
        List<Operation> ops = new ArrayList<>(RegisterSimulation.generate(random.nextLong(), shape));
        if (random.nextBoolean()) {
            int i = random.nextInt(ops.size());
            ops.set(i, mutate(ops.get(i), random));
        }
        return ops;
    }

    private static Operation mutate(Operation op, Random random) {
        if (op.completed() && op.kind() == OpKind.GET) {
            return RegisterSimulation.withOutcome(op, bytes(READ_VALUES[random.nextInt(READ_VALUES.length)]), false);
        }
        if (op.completed() && op.kind() == OpKind.CAS && random.nextBoolean()) {
            return RegisterSimulation.withOutcome(op, null, !op.casApplied());
        }
        if (op.completed()) {
            long invoke = random.nextInt(10);
            return RegisterSimulation.withTimes(op, invoke, invoke + random.nextInt(3));
        }
        return op;
    }
}

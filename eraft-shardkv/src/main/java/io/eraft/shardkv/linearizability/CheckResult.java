package io.eraft.shardkv.linearizability;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome of a {@link LinearizabilityChecker} run.
 *
 * @param verdict     the decision
 * @param key         NOT_LINEARIZABLE: the first failing key in unsigned byte order; UNKNOWN: the key being checked
 *                    when the budget ran out; LINEARIZABLE: null
 * @param explanation a readable account; for a violation, the longest linearizable prefix found for the key and the
 *                    operations that could not be placed after it
 * @param keysChecked how many keys were decided (for a violation, including the failing key)
 * @param took        how long the check ran
 */
public record CheckResult(Verdict verdict, byte[] key, String explanation, int keysChecked, Duration took) {

    /** The decision of a check. */
    public enum Verdict {
        /** Every key's operations have a linearization. */
        LINEARIZABLE,
        /** Some key's operations have none; the result names the first such key. */
        NOT_LINEARIZABLE,
        /** The time budget ran out before a decision; never a guess. */
        UNKNOWN
    }

    /** Checks the fields and copies the key. */
    public CheckResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(took, "took");
        if (verdict == Verdict.NOT_LINEARIZABLE && key == null) {
            throw new IllegalArgumentException("a NOT_LINEARIZABLE result must name its key");
        }
        key = key == null ? null : key.clone();
    }

    @Override
    public byte[] key() {
        return key == null ? null : key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckResult other && verdict == other.verdict && Arrays.equals(key, other.key)
                && explanation.equals(other.explanation) && keysChecked == other.keysChecked
                && took.equals(other.took);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(verdict, explanation, keysChecked, took) + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return verdict + " (" + keysChecked + " keys checked in " + took.toMillis() + " ms): " + explanation;
    }
}

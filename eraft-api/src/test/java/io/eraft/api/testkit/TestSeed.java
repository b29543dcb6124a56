package io.eraft.api.testkit;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The seed of one scenario run. Every random choice of the run (network faults, which node to crash, commands,
 * election timeouts) is derived from it, so a failing run can be replayed with {@code -Deraft.test.seed=<value>}.
 * Thread scheduling still varies between runs, so a replay repeats the choices, not necessarily the interleaving.
 *
 * @param value the seed
 */
public record TestSeed(long value) {

    /** The system property that replays a seed. */
    public static final String PROPERTY = "eraft.test.seed";

    /** The seed named by {@value #PROPERTY}, or a fresh random one. */
    public static TestSeed resolve() {
        String replay = System.getProperty(PROPERTY);
        if (replay != null && !replay.isBlank()) {
            try {
                return new TestSeed(Long.parseLong(replay.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + PROPERTY + " must be a long, got '" + replay + "'", e);
            }
        }
        return new TestSeed(ThreadLocalRandom.current().nextLong());
    }

    /** A new random generator for one consumer; {@code stream} keeps consumers' sequences independent. */
    public Random random(long stream) {
        return new Random(mix(value, stream));
    }

    /** A seed derived from this one for {@code stream}. */
    public long derive(long stream) {
        return mix(value, stream);
    }

    /** How to replay this seed, for failure messages. */
    public String replayHint() {
        return "seed=" + value + " (replay: -D" + PROPERTY + "=" + value + ")";
    }

    private static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}

package io.eraft.shardkv.kv.testing;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The seed of one scenario run: every random choice (faults, keys, values, client ids, election timeouts) derives
 * from it, so a failing run can be replayed with {@code -Deraft.test.seed=<value>}. Thread timing still varies.
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

    /** A generator for one consumer; different {@code stream}s give independent sequences. */
    public Random random(long stream) {
        return new Random(derive(stream));
    }

    /** A seed derived from this one for {@code stream} (SplitMix64 finaliser). */
    public long derive(long stream) {
        long z = value + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** How to replay this seed, for failure messages. */
    public String replayHint() {
        return "seed=" + value + " (replay: -D" + PROPERTY + "=" + value + ")";
    }
}

package io.eraft.dist.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code eraft demo} starts.
 *
 * @param dir          the data directory; node {@code nX} keeps its data in {@code dir/nX}
 * @param host         the loopback address the nodes listen on
 * @param basePort     node {@code nX} listens on {@code basePort + X - 1}
 * @param store        the store provider
 * @param benchClients clients of the short benchmark
 * @param benchTime    how long the short benchmark runs (zero skips it)
 * @param duration     how long the demo keeps running after that; null until it is stopped (Ctrl-C)
 */
public record DemoOptions(Path dir, String host, int basePort, String store, int benchClients, Duration benchTime,
                          Duration duration) {
    /** The number of nodes the demo starts. */
    public static final int NODES = 3;

    public DemoOptions {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(benchTime, "benchTime");
        if (basePort < 1 || basePort + NODES - 1 > 65_535) {
            throw new IllegalArgumentException("base port must leave room for " + NODES + " ports in 1..65535, was "
                    + basePort);
        }
        if (benchClients < 1) {
            throw new IllegalArgumentException("bench clients must be >= 1, was " + benchClients);
        }
        if (benchTime.isNegative()) {
            throw new IllegalArgumentException("bench time must not be negative, was " + benchTime);
        }
    }
}

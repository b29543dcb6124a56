package io.eraft.dist.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code eraft demo} starts and runs.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param dir        the data directory, emptied at start (only if an earlier demo or benchmark left it)
 * @param host       the loopback address the servers listen on
 * @param basePort   the controllers listen on {@code basePort ... + 2}, the groups' servers on the next ports, three
 *                   per group ({@link #PORTS} in all)
 * @param store      the store provider
 * @param fsync      whether the Raft logs fsync before acknowledging (on for the demo; off only in tests)
 * @param clients    closed-loop clients of the load
 * @param valueBytes bytes per written value
 * @param benchTime  how long the load runs on two groups before the third joins
 * @param afterTime  how long the load runs after the migration settled
 * @param duration   how long the cluster keeps serving after that; null until it is stopped (Ctrl-C)
 */
public record DemoOptions(Path dir, String host, int basePort, String store, boolean fsync, int clients,
                          int valueBytes, Duration benchTime, Duration afterTime, Duration duration) {
    /** Controller servers. */
    public static final int CONTROLLERS = 3;
    /** Servers per shard group. */
    public static final int GROUP_SIZE = 3;
    /** Groups: two at the start, a third joins under load. */
    public static final int GROUPS = 3;
    /** Ports the demo uses from {@code basePort} on. */
    public static final int PORTS = CONTROLLERS + GROUPS * GROUP_SIZE;
    /** Distinct keys of the load. */
    public static final int KEYS = 10_000;
    /** The load's share of linearizable reads. */
    public static final double READ_RATIO = 0.5;

    public DemoOptions {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(benchTime, "benchTime");
        Objects.requireNonNull(afterTime, "afterTime");
        if (basePort < 1 || basePort + PORTS - 1 > 65_535) {
            throw new IllegalArgumentException("base port must leave room for " + PORTS + " ports in 1..65535, was "
                    + basePort);
        }
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be >= 1, was " + clients);
        }
        if (valueBytes < 0) {
            throw new IllegalArgumentException("value size must be >= 0 bytes, was " + valueBytes);
        }
        if (benchTime.isNegative() || benchTime.isZero() || afterTime.isNegative()) {
            throw new IllegalArgumentException("the bench time must be positive and the after time not negative, "
                    + "were " + benchTime + " and " + afterTime);
        }
        if (duration != null && duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
    }
}

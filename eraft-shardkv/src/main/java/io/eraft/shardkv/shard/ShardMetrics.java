package io.eraft.shardkv.shard;

import io.eraft.api.metrics.Counter;
import io.eraft.api.metrics.Histogram;
import io.eraft.api.metrics.Metrics;
import io.eraft.shardkv.proto.ShardPhase;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a shard group's state machine records about its shards: each shard's state ({@code eraft_shard_state{shard,
 * state}}, 1 for the state the shard is in, 0 for the others and for every state of a shard the group does not hold),
 * the configuration it applied ({@code eraft_shard_config_number}), and the shards it pulled in: how many
 * ({@code eraft_shard_migrations_total}), their data ({@code eraft_shard_migration_bytes_total}, keys and values of
 * the entries inserted) and how long each took ({@code eraft_shard_migration_seconds}, from the configuration that
 * gave the shard to the group until its last chunk was in). Every replica of the group records what it applies.
 *
 * <p>The event methods are called on the apply thread only; the gauges read a snapshot published through a volatile
 * field and never block.
 */
final class ShardMetrics {
    private static final ShardPhase[] STATES = {ShardPhase.SHARD_PHASE_SERVING, ShardPhase.SHARD_PHASE_PULLING,
            ShardPhase.SHARD_PHASE_BEING_PULLED, ShardPhase.SHARD_PHASE_GC_PENDING};

    private final LongSupplier clock;
    private final Counter migrations;
    private final Counter migrationBytes;
    private final Histogram migrationSeconds;
    /** The phase of each shard (null: not held), as last published. */
    private volatile ShardPhase[] phases;
    /** Apply thread only: when each PULLING shard started pulling, valid where {@link #pulling} is set. */
    private final long[] pullStarted;
    private final boolean[] pulling;

    /**
     * Registers every series in {@code metrics} (labelled by the caller with the group and node).
     *
     * @param configNumber the number of the configuration the group applied (read from any thread)
     */
    ShardMetrics(Metrics metrics, int shardCount, LongSupplier nanoClock, LongSupplier configNumber) {
        this.clock = nanoClock;
        this.phases = new ShardPhase[shardCount];
        this.pullStarted = new long[shardCount];
        this.pulling = new boolean[shardCount];
        for (int s = 0; s < shardCount; s++) {
            int shard = s;
            for (ShardPhase state : STATES) {
                metrics.gauge("eraft_shard_state", "1 for the state the shard is in on this group (serving, pulling, "
                                + "being_pulled, gc_pending), else 0", () -> phases[shard] == state ? 1 : 0,
                        "shard", Integer.toString(s), "state", ShardState.of(state).name().toLowerCase(Locale.ROOT));
            }
        }
        metrics.gauge("eraft_shard_config_number", "number of the shard configuration the group applied",
                configNumber::getAsLong);
        this.migrations = metrics.counter("eraft_shard_migrations_total",
                "shards pulled in from their previous owner and installed");
        this.migrationBytes = metrics.counter("eraft_shard_migration_bytes_total",
                "bytes of shard data (keys and values) pulled in from previous owners");
        this.migrationSeconds = metrics.histogram("eraft_shard_migration_seconds",
                "time a shard took to be pulled in, from the configuration that gave it to the group to its last "
                        + "chunk");
    }

    /** Publishes the phase of every shard the group holds ({@code held}), after they changed; the rest are not held. */
    void phases(Map<Integer, ShardPhase> held) {
        ShardPhase[] now = new ShardPhase[phases.length];
        held.forEach((shard, phase) -> now[shard] = phase);
        phases = now;
    }

    /**
     * The shards were loaded from the store (at start or from a snapshot) in phases {@code held}: publishes them, and
     * forgets when pulls started, since a shard pulling now may have started where this replica did not see it.
     */
    void loaded(Map<Integer, ShardPhase> held) {
        Arrays.fill(pulling, false);
        phases(held);
    }

    /** Shard {@code shard} starts being pulled in (a configuration gave it to the group). */
    void pullStarted(int shard) {
        pullStarted[shard] = clock.getAsLong();
        pulling[shard] = true;
    }

    /** A chunk of {@code bytes} bytes of shard data was inserted. */
    void pulledIn(long bytes) {
        migrationBytes.add(bytes);
    }

    /**
     * Shard {@code shard} has all its data (PULLING to GC_PENDING). Its duration is recorded when this replica saw it
     * start (not after a restart or a snapshot install in between).
     */
    void installed(int shard) {
        migrations.inc();
        if (pulling[shard]) {
            migrationSeconds.observeNanos(clock.getAsLong() - pullStarted[shard]);
            pulling[shard] = false;
        }
    }
}

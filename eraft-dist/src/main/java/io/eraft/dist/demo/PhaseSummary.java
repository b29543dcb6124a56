package io.eraft.dist.demo;

import io.eraft.dist.client.LatencySummary;
import io.eraft.dist.client.ReportFormat;
import io.eraft.shardkv.ctrler.ShardConfig;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One phase of a sharded run: its throughput and latency, its errors, and its throughput per group.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param name      what ran, e.g. {@code "1 group"}
 * @param seconds   how long it was measured
 * @param total     every completed operation: count, ops/s, latency percentiles
 * @param errors    operations that failed
 * @param perGroup  ops/s by the group that owned each key's shard (empty when not split)
 */
public record PhaseSummary(String name, double seconds, LatencySummary total, long errors,
                           SortedMap<String, Double> perGroup) {
    public PhaseSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(total, "total");
        perGroup = Collections.unmodifiableSortedMap(new TreeMap<>(perGroup));
    }

    /** Sums {@code windows}, splitting completions by their shard's owner in {@code owners} (null: no split). */
    public static PhaseSummary of(String name, List<LoadWindow> windows, ShardConfig owners) {
        LoadWindow all = LoadWindow.merge(windows);
        TreeMap<String, Double> groups = new TreeMap<>();
        if (owners != null) {
            if (owners.shardCount() != all.shardCount()) {
                throw new IllegalArgumentException("configuration " + owners.num() + " has " + owners.shardCount()
                        + " shards, the load counted " + all.shardCount());
            }
            for (int s = 0; s < all.shardCount(); s++) {
                String owner = owners.owner(s);
                if (!owner.equals(ShardConfig.UNASSIGNED)) {
                    groups.merge(owner, all.completedInShard(s) / all.seconds(), Double::sum);
                }
            }
        }
        return new PhaseSummary(name, all.seconds(), LatencySummary.of(all.latencyNanos(), all.seconds()),
                all.errors(), groups);
    }

    public double opsPerSecond() {
        return total.opsPerSecond();
    }

    /** The ops/s per group for a table, e.g. {@code g1 600, g2 650}; empty when not split. */
    public String perGroupText() {
        return perGroup.entrySet().stream()
                .map(e -> e.getKey() + " " + ReportFormat.whole(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}

package io.eraft.dist.server;

import io.eraft.api.metrics.Metrics;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gauges a server reads from its Raft member's {@link RaftStatus} and its store when the metrics are collected:
 * {@code eraft_raft_has_leader}, {@code _is_leader}, {@code _term}, {@code _commit_index}, {@code _applied_index},
 * {@code _last_log_index}, {@code _log_bytes}, {@code _snapshot_index}, {@code _failed} and
 * {@code eraft_store_size_bytes}. One scrape reads the status once: it is kept for {@link #MAX_AGE_MILLIS}.
 */
final class RaftGauges {
    /** How long one reading of the status serves every gauge. */
    static final long MAX_AGE_MILLIS = 100;

    private final Supplier<RaftStatus> source;
    private volatile Reading last;

    private record Reading(long atNanos, RaftStatus status) {
    }

    private RaftGauges(Supplier<RaftStatus> source) {
        this.source = source;
    }

    /** Registers the gauges on {@code metrics} (labelled by the caller with the node and its group). */
    static void register(Metrics metrics, Supplier<RaftStatus> status, LongSupplier storeBytes) {
        RaftGauges g = new RaftGauges(status);
        g.gauge(metrics, "eraft_raft_has_leader", "1 when this node knows its group's leader, else 0",
                s -> s.leader() != null ? 1 : 0);
        g.gauge(metrics, "eraft_raft_is_leader", "1 when this node is its group's leader, else 0",
                s -> s.role() == Role.LEADER ? 1 : 0);
        g.gauge(metrics, "eraft_raft_term", "This node's current Raft term", RaftStatus::term);
        g.gauge(metrics, "eraft_raft_commit_index", "The highest log index this node knows committed",
                RaftStatus::commitIndex);
        g.gauge(metrics, "eraft_raft_applied_index", "The highest log index applied to this node's store",
                RaftStatus::appliedIndex);
        g.gauge(metrics, "eraft_raft_last_log_index", "The last index in this node's Raft log",
                RaftStatus::lastLogIndex);
        g.gauge(metrics, "eraft_raft_log_bytes", "Bytes this node's Raft log occupies", RaftStatus::logBytes);
        g.gauge(metrics, "eraft_raft_snapshot_index", "The last log index this node's latest snapshot covers",
                RaftStatus::snapshotIndex);
        g.gauge(metrics, "eraft_raft_failed", "1 when this node's Raft member stopped itself after an error, else 0",
                s -> s.role() == Role.FAILED || s.failure() != null ? 1 : 0);
        metrics.gauge("eraft_store_size_bytes", "Bytes this node's state machine store occupies (an estimate)",
                storeBytes::getAsLong);
    }

    private void gauge(Metrics metrics, String name, String help, ToDoubleFunction<RaftStatus> value) {
        metrics.gauge(name, help, () -> value.applyAsDouble(status()));
    }

    private RaftStatus status() {
        Reading r = last;
        long now = System.nanoTime();
        if (r == null || now - r.atNanos() > TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS)) {
            r = new Reading(now, source.get());
            last = r;
        }
        return r.status();
    }
}

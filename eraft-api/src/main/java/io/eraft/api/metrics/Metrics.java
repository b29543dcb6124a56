package io.eraft.api.metrics;

import java.util.function.DoubleSupplier;

/**
 * Where eRaft's components record what they do, for an operator to read (eraft-dist exports it in the Prometheus
 * text format on {@code /metrics}). The core modules only see this interface, so Raft, the log, the transports and
 * the KV state machine stay free of any metrics library; {@link #NOOP} records nothing and costs nothing.
 *
 * <p>Names follow Prometheus conventions: {@code eraft_<component>_<what>[_<unit>]}, counters end in
 * {@code _total}, durations are in seconds, sizes in bytes. Labels are given as alternating names and values
 * ({@code "peer", "n2"}); {@link #withLabels} adds labels to everything registered through the returned view (a
 * server labels its metrics with {@code group} and {@code node}). Registering the same name and labels twice returns
 * the same series (gauges: the later supplier replaces the earlier one). Every metric of one name must use the same
 * label names. Implementations are thread-safe; callers look a counter or histogram up once and keep it.
 */
public interface Metrics {
    /** Records nothing. */
    Metrics NOOP = new Metrics() {
        @Override
        public Counter counter(String name, String help, String... labels) {
            return Counter.NOOP;
        }

        @Override
        public Histogram histogram(String name, String help, String... labels) {
            return Histogram.NOOP;
        }

        @Override
        public void gauge(String name, String help, DoubleSupplier value, String... labels) {
        }

        @Override
        public Metrics withLabels(String... labels) {
            return this;
        }

        @Override
        public String toString() {
            return "Metrics.NOOP";
        }
    };

    /**
     * The counter of this name and labels.
     *
     * @param name   ends in {@code _total}
     * @param help   one line: what it counts
     * @param labels alternating label names and values
     */
    Counter counter(String name, String help, String... labels);

    /** The histogram of this name and labels; its unit is its name's suffix (see {@link Histogram}). */
    Histogram histogram(String name, String help, String... labels);

    /**
     * A value read when the metrics are collected (a Prometheus gauge), such as a term or a size. The supplier runs
     * on the collecting thread: it must be cheap, thread-safe and never block.
     */
    void gauge(String name, String help, DoubleSupplier value, String... labels);

    /** A view of these metrics that adds {@code labels} (alternating names and values) to every metric. */
    Metrics withLabels(String... labels);
}

package io.eraft.dist.client;

import org.HdrHistogram.Histogram;

/**
 * Throughput and latency of one kind of operation over a run.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param count        operations completed
 * @param opsPerSecond completed per second of the run
 * @param p50Micros    median latency, microseconds
 * @param p95Micros    95th percentile
 * @param p99Micros    99th percentile
 * @param p999Micros   99.9th percentile
 * @param maxMicros    the slowest
 */
public record LatencySummary(long count, double opsPerSecond, double p50Micros, double p95Micros, double p99Micros,
                             double p999Micros, double maxMicros) {

    /** Summarises {@code nanos}, a histogram of latencies in nanoseconds, over {@code seconds}. */
    public static LatencySummary of(Histogram nanos, double seconds) {
        long n = nanos.getTotalCount();
        if (n == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(n, seconds > 0 ? n / seconds : 0, micros(nanos.getValueAtPercentile(50)),
                micros(nanos.getValueAtPercentile(95)), micros(nanos.getValueAtPercentile(99)),
                micros(nanos.getValueAtPercentile(99.9)), micros(nanos.getMaxValue()));
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }
}

package io.eraft.dist.bench;

import io.eraft.dist.bench.KvBenchmark.MetricsMode;
import io.eraft.dist.bench.KvBenchmark.Result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What recording metrics costs: for each operation and client count, the median over passes of ops/s, p50 and p99
 * with metrics on and off, and on/off as a ratio (1.00 = no cost; 0.97 = 3% slower).
 */
final class MetricsCost {
    private MetricsCost() {
    }

    static String table(List<Result> results) {
        Map<String, List<Result>> byRun = new LinkedHashMap<>();
        for (Result r : results) {
            byRun.computeIfAbsent(r.operation() + " " + r.clients(), k -> new ArrayList<>()).add(r);
        }
        StringBuilder out = new StringBuilder(String.format("%-14s %6s %12s %12s %8s %10s %10s %10s %10s%n",
                "metrics cost", "passes", "ops/s off", "ops/s on", "on/off", "p50 off", "p50 on", "p99 off",
                "p99 on"));
        for (Map.Entry<String, List<Result>> run : byRun.entrySet()) {
            List<Result> off = of(run.getValue(), MetricsMode.OFF);
            List<Result> on = of(run.getValue(), MetricsMode.ON);
            if (off.isEmpty() || on.isEmpty()) {
                continue;
            }
            double offOps = median(off, Result::opsPerSecond);
            double onOps = median(on, Result::opsPerSecond);
            out.append(String.format("%-14s %6d %12.0f %12.0f %8.2f %10.0f %10.0f %10.0f %10.0f%n", run.getKey(),
                    Math.min(off.size(), on.size()), offOps, onOps, onOps / offOps, median(off, Result::p50Micros),
                    median(on, Result::p50Micros), median(off, Result::p99Micros), median(on, Result::p99Micros)));
        }
        return out.toString();
    }

    private static List<Result> of(List<Result> results, MetricsMode mode) {
        return results.stream().filter(r -> r.metrics() == mode).toList();
    }

    /** The median (the mean of the middle two for an even count). */
    static double median(List<Result> results, ToDoubleFunction<Result> value) {
        double[] v = results.stream().mapToDouble(value).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}

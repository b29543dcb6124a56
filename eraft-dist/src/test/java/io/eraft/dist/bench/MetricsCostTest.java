package io.eraft.dist.bench;

import io.eraft.dist.bench.KvBenchmark.MetricsMode;
import io.eraft.dist.bench.KvBenchmark.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsCostTest {
    private static Result r(String op, int clients, double opsPerSecond, MetricsMode mode) {
        return new Result(op, clients, 1, 1, opsPerSecond, 100, 200, 300, 1, 0, mode);
    }

    @Test
    void theCostTableComparesMediansOfPassesWithMetricsOnAndOffPerOperationAndClientCount() {
        List<Result> results = List.of(
                r("write", 1, 1000, MetricsMode.OFF), r("write", 1, 900, MetricsMode.ON),
                r("write", 1, 1100, MetricsMode.OFF), r("write", 1, 990, MetricsMode.ON),
                r("write", 1, 5000, MetricsMode.OFF), r("write", 1, 950, MetricsMode.ON),
                r("read", 256, 2000, MetricsMode.OFF), r("read", 256, 2000, MetricsMode.ON));
        String table = MetricsCost.table(results);
        // write at 1 client: median off 1100, median on 950 -> 0.86
        assertTrue(table.contains("write 1"), table);
        assertTrue(table.matches("(?s).*write 1\\s+3\\s+1100\\s+950\\s+0\\.86.*"), table);
        assertTrue(table.matches("(?s).*read 256\\s+1\\s+2000\\s+2000\\s+1\\.00.*"), table);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        List<Result> four = List.of(r("w", 1, 1, MetricsMode.OFF), r("w", 1, 4, MetricsMode.OFF),
                r("w", 1, 2, MetricsMode.OFF), r("w", 1, 10, MetricsMode.OFF));
        assertEquals(3.0, MetricsCost.median(four, Result::opsPerSecond));
    }
}

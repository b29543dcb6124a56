package io.eraft.dist.demo;

import io.eraft.dist.client.ReportFormat;
import io.eraft.shardkv.ctrler.ShardConfig;

import java.util.ArrayList;
import java.util.List;

import static io.eraft.dist.client.ReportFormat.millis;
import static io.eraft.dist.client.ReportFormat.whole;

/**
 * The demo's summary of a load through a migration: throughput, errors and p99 before, during and after it, split
 * by owning group where the owners were fixed, and how long the migration took.
 */
final class DemoSummary {
    private static final String ROW = "  %-18s %8s %10s %8s %9s  %s%n";

    /**
     * When the phases began and ended ({@link System#nanoTime()}).
     *
     * @param start     the load started (two groups)
     * @param beforeEnd the two-group phase ended (the third group starts)
     * @param join      the Join was sent
     * @param settled   every group served all its shards (or the wait gave up)
     * @param end       the load's last measured moment
     */
    record Timeline(long start, long beforeEnd, long join, long settled, long end) {
    }

    private DemoSummary() {
    }

    /**
     * The summary table.
     *
     * @param two        the two-group configuration (owners before)
     * @param three      the three-group configuration (owners after)
     * @param settled    whether the migration settled
     * @param firstError the first failed operation, or null
     */
    static String format(LoadTicker ticker, Timeline t, ShardConfig two, ShardConfig three, boolean settled,
                         String firstError) {
        List<PhaseSummary> phases = new ArrayList<>();
        phases.add(phase(ticker, "before (2 groups)", t.start(), t.beforeEnd(), two));
        PhaseSummary during = phase(ticker, "during migration", t.join(), t.settled(), null);
        phases.add(during);
        phases.add(phase(ticker, "after (3 groups)", t.settled(), t.end(), three));
        StringBuilder b = new StringBuilder(ReportFormat.format("%nSummary:%n"));
        b.append(ReportFormat.format(ROW, "phase", "seconds", "ops/s", "errors", "p99(ms)", "ops/s per group"));
        for (PhaseSummary p : phases) {
            if (p != null) {
                b.append(ReportFormat.format(ROW, p.name(), ReportFormat.format("%.1f", p.seconds()),
                        whole(p.opsPerSecond()), p.errors(), millis(p.total().p99Micros()), p.perGroupText()));
            }
        }
        String length = settled
                ? ReportFormat.format("%.2f s from the join until every group served all its shards",
                        (t.settled() - t.join()) / 1e9)
                : "did not settle";
        b.append(ReportFormat.format("  migration: %s; %d errors during it%n", length,
                during == null ? 0 : during.errors()));
        if (firstError != null) {
            b.append("  first error: ").append(firstError).append(System.lineSeparator());
        }
        b.append("  (every group runs in this one process, on the same cores and disk)")
                .append(System.lineSeparator());
        return b.toString();
    }

    private static PhaseSummary phase(LoadTicker ticker, String name, long from, long to, ShardConfig owners) {
        List<LoadWindow> windows = ticker.windowsBetween(from, to);
        return windows.isEmpty() ? null : PhaseSummary.of(name, windows, owners);
    }
}

package io.eraft.dist.console;

import io.eraft.api.metrics.Histogram;
import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.raft.Role;
import io.eraft.dist.server.NodeStatus;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentFiguresTest {
    private final InMemoryMetrics inner = new InMemoryMetrics();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final RecentFigures figures = new RecentFigures(inner, clock::get);
    private final Metrics node = figures.withLabels("group", "g1", "node", "n1");

    @Test
    void everyMetricIsHandedToTheInnerMetricsWithItsLabels() {
        node.counter("eraft_raft_entries_applied_total", "applied").add(3);
        node.histogram(RecentFigures.KV_REQUEST, "kv", "op", "put").observeNanos(2_000_000);
        node.histogram(RecentFigures.FSYNC, "fsync").observe(0.004);
        node.histogram("eraft_log_entries_per_fsync", "batch").observe(7);
        node.gauge("eraft_raft_term", "term", () -> 5);

        assertEquals(3, inner.counterValue("eraft_raft_entries_applied_total", "node", "n1", "group", "g1"));
        assertEquals(1, inner.histogramCount(RecentFigures.KV_REQUEST, "group", "g1", "node", "n1", "op", "put"));
        assertEquals(0.002, inner.histogramSum(RecentFigures.KV_REQUEST, "group", "g1", "node", "n1", "op", "put"),
                1e-9);
        assertEquals(0.004, inner.histogramSum(RecentFigures.FSYNC, "group", "g1", "node", "n1"), 1e-9);
        assertEquals(1, inner.histogramCount("eraft_log_entries_per_fsync", "group", "g1", "node", "n1"));
        assertEquals(5, inner.gaugeValue("eraft_raft_term", "group", "g1", "node", "n1"));
    }

    @Test
    void kvOpsCountEveryKvRequestOfEveryOpAndLabelledView() {
        Histogram put = node.histogram(RecentFigures.KV_REQUEST, "kv", "op", "put");
        Histogram get = node.histogram(RecentFigures.KV_REQUEST, "kv", "op", "get");
        Histogram other = figures.withLabels("group", "g2").histogram(RecentFigures.KV_REQUEST, "kv", "op", "cas");
        for (int i = 0; i < 5; i++) {
            put.observeNanos(1_000_000);
        }
        get.observe(0.001);
        other.observe(0.001);
        node.histogram(RecentFigures.FSYNC, "fsync").observe(0.001);

        assertEquals(7, figures.figures().kvOps());
        assertEquals(7, ((RecentFigures) node).figures().kvOps(), "every view reads the same figures");
    }

    @Test
    void theP99IsTheLatencyThatOnlyOnePercentOfRequestsExceed() {
        Histogram put = node.histogram(RecentFigures.KV_REQUEST, "kv", "op", "put");
        for (int i = 0; i < 990; i++) {
            put.observeNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        for (int i = 0; i < 10; i++) {
            put.observeNanos(TimeUnit.MILLISECONDS.toNanos(80));
        }
        assertEquals(1_000, figures.figures().kvP99Micros(), 10, "99% took 1 ms");

        for (int i = 0; i < 20; i++) {
            put.observe(0.080);
        }
        assertEquals(80_000, figures.figures().kvP99Micros(), 800, "now 3% took 80 ms");
    }

    @Test
    void fsyncAndKvLatencyAreKeptApart() {
        node.histogram(RecentFigures.FSYNC, "fsync").observeNanos(TimeUnit.MILLISECONDS.toNanos(12));
        node.histogram("eraft_raft_read_index_seconds", "read index").observe(3.0);
        RecentFigures.Figures f = figures.figures();
        assertEquals(12_000, f.fsyncP99Micros(), 120);
        assertEquals(0, f.kvP99Micros(), "no KV request was recorded");
        assertEquals(0, f.kvOps());
    }

    @Test
    void samplesOlderThanTheWindowNoLongerCount() {
        Histogram put = node.histogram(RecentFigures.KV_REQUEST, "kv", "op", "put");
        put.observe(0.050);
        assertEquals(50_000, figures.figures().kvP99Micros(), 500);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(3));
        put.observe(0.002);
        assertEquals(50_000, figures.figures().kvP99Micros(), 500, "3 s later the 50 ms request still counts");

        clock.addAndGet(TimeUnit.SECONDS.toNanos(3));
        assertEquals(2_000, figures.figures().kvP99Micros(), 20, "6 s later only the 2 ms request counts");

        clock.addAndGet(TimeUnit.SECONDS.toNanos(6));
        assertEquals(0, figures.figures().kvP99Micros(), "nothing in the last 5 s");
        assertEquals(2, figures.figures().kvOps(), "the total keeps every request");
    }

    @Test
    void aDurationBeyondTheRangeCountsAsTheLongestAndANegativeOneAsZero() {
        Histogram fsync = node.histogram(RecentFigures.FSYNC, "fsync");
        fsync.observe(3_600);
        assertEquals(RecentFigures.MAX_MICROS, figures.figures().fsyncP99Micros(), RecentFigures.MAX_MICROS / 100);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        fsync.observeNanos(-5);
        assertEquals(0, figures.figures().fsyncP99Micros());
    }

    @Test
    void ontoPutsTheFiguresInANodesStatus() {
        node.histogram(RecentFigures.KV_REQUEST, "kv", "op", "get").observe(0.003);
        node.histogram(RecentFigures.FSYNC, "fsync").observe(0.007);
        NodeStatus status = new NodeStatus("n1", "g1", "127.0.0.1:7101", Role.LEADER, 2, "n1", 10, 10, 10, 0, 100,
                "leveldb", 100);
        NodeStatus live = figures.onto(status);
        assertEquals(1, live.kvOps());
        assertEquals(3_000, live.kvP99Micros(), 30);
        assertEquals(7_000, live.fsyncP99Micros(), 70);
        assertEquals(status, live.withFigures(0, 0, 0), "nothing else changes");
        assertTrue(figures.toString().contains("RecentFigures"));
    }
}

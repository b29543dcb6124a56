package io.eraft.dist.metrics;

import io.eraft.api.metrics.Counter;
import io.eraft.api.metrics.Histogram;
import io.eraft.api.metrics.Metrics;
import io.eraft.dist.http.PrometheusText;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Prometheus adapter of the metrics facade, read back through its text output. */
class PrometheusMetricsTest {
    private final PrometheusMetrics metrics = PrometheusMetrics.create();

    @Test
    void aCounterCarriesTheViewsLabelsAndItsOwnAndMovesByWhatIsAdded() throws IOException {
        Metrics node = metrics.withLabels("group", "kv", "node", "n1");
        Counter toN2 = node.counter("eraft_transport_messages_sent_total", "Messages sent", "peer", "n2");
        Counter toN3 = node.counter("eraft_transport_messages_sent_total", "Messages sent", "peer", "n3");
        toN2.inc();
        toN2.add(4);
        toN3.inc();

        PrometheusText text = scrape();
        assertEquals("counter", text.families().get("eraft_transport_messages_sent_total").type());
        assertEquals(5, text.value("eraft_transport_messages_sent_total", "group", "kv", "node", "n1", "peer", "n2"));
        assertEquals(1, text.value("eraft_transport_messages_sent_total", "group", "kv", "node", "n1", "peer", "n3"));
        assertEquals(java.util.Map.of("group", "kv", "node", "n1", "peer", "n2"),
                text.samples("eraft_transport_messages_sent_total", "peer", "n2").get(0).labels());
    }

    @Test
    void registeringTheSameNameAndLabelsTwiceInAnyOrderGivesTheSameSeries() throws IOException {
        Counter first = metrics.withLabels("node", "n1").counter("eraft_log_appended_entries_total", "Entries",
                "group", "kv");
        Counter second = metrics.withLabels("group", "kv").counter("eraft_log_appended_entries_total", "Entries",
                "node", "n1");
        Counter third = metrics.counter("eraft_log_appended_entries_total", "Entries", "node", "n1", "group", "kv");
        first.add(2);
        second.add(3);
        third.inc();

        assertSame(first, third, "the adapter keeps one wrapper per series");
        PrometheusText text = scrape();
        assertEquals(1, text.samples("eraft_log_appended_entries_total").size());
        assertEquals(6, text.value("eraft_log_appended_entries_total", "group", "kv", "node", "n1"));
    }

    @Test
    void histogramBucketsFollowTheUnitOfTheName() throws IOException {
        Histogram fsync = metrics.histogram("eraft_log_fsync_seconds", "fsync duration");
        Histogram bytes = metrics.histogram("eraft_shard_migration_bytes", "bytes per migration");
        Histogram entries = metrics.histogram("eraft_log_entries_per_fsync", "entries per fsync");
        fsync.observeNanos(3_000_000); // 3 ms
        fsync.observe(20); // above every bound
        bytes.observe(5000);
        entries.observe(3);

        PrometheusText text = scrape();
        assertEquals(List.of("5.0E-5", "1.0E-4", "2.5E-4", "5.0E-4", "0.001", "0.0025", "0.005", "0.01", "0.025",
                "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf"), bounds(text,
                "eraft_log_fsync_seconds_bucket"));
        assertEquals(0, text.value("eraft_log_fsync_seconds_bucket", "le", "0.0025"));
        assertEquals(1, text.value("eraft_log_fsync_seconds_bucket", "le", "0.005"));
        assertEquals(1, text.value("eraft_log_fsync_seconds_bucket", "le", "10.0"));
        assertEquals(2, text.value("eraft_log_fsync_seconds_bucket", "le", "+Inf"));
        assertEquals(2, text.value("eraft_log_fsync_seconds_count"));
        assertEquals(20.003, text.value("eraft_log_fsync_seconds_sum"), 1e-9);

        assertEquals(List.of("64.0", "256.0", "1024.0", "4096.0", "16384.0", "65536.0", "262144.0", "1048576.0",
                "4194304.0", "1.6777216E7", "6.7108864E7", "+Inf"), bounds(text, "eraft_shard_migration_bytes_bucket"));
        assertEquals(0, text.value("eraft_shard_migration_bytes_bucket", "le", "4096.0"));
        assertEquals(1, text.value("eraft_shard_migration_bytes_bucket", "le", "16384.0"));

        assertEquals(List.of("1.0", "2.0", "4.0", "8.0", "16.0", "32.0", "64.0", "128.0", "256.0", "512.0", "1024.0",
                "2048.0", "4096.0", "+Inf"), bounds(text, "eraft_log_entries_per_fsync_bucket"));
        assertEquals(0, text.value("eraft_log_entries_per_fsync_bucket", "le", "2.0"));
        assertEquals(1, text.value("eraft_log_entries_per_fsync_bucket", "le", "4.0"));
    }

    @Test
    void gaugesAreReadWhenScrapedAndALaterSupplierReplacesTheEarlier() throws IOException {
        AtomicLong term = new AtomicLong(3);
        Metrics node = metrics.withLabels("group", "kv", "node", "n1");
        node.gauge("eraft_raft_term", "term", term::get);
        metrics.withLabels("group", "kv", "node", "n2").gauge("eraft_raft_term", "term", () -> 9);
        assertEquals(3, scrape().value("eraft_raft_term", "node", "n1"));

        term.set(4);
        assertEquals(4, scrape().value("eraft_raft_term", "node", "n1"));

        node.gauge("eraft_raft_term", "term", () -> 7);
        PrometheusText text = scrape();
        assertEquals(7, text.value("eraft_raft_term", "node", "n1"));
        assertEquals(9, text.value("eraft_raft_term", "node", "n2"));
        assertEquals("gauge", text.families().get("eraft_raft_term").type());
    }

    @Test
    void aGaugeWhoseSupplierThrowsIsLeftOutAndTheOthersStay() throws IOException {
        metrics.gauge("eraft_store_size_bytes", "size", () -> {
            throw new IllegalStateException("store closed");
        }, "node", "n1");
        metrics.gauge("eraft_store_size_bytes", "size", () -> 42, "node", "n2");

        PrometheusText text = scrape();
        assertTrue(text.samples("eraft_store_size_bytes", "node", "n1").isEmpty());
        assertEquals(42, text.value("eraft_store_size_bytes", "node", "n2"));
    }

    @Test
    void jvmMetricsAreRegistered() throws IOException {
        PrometheusText text = scrape();
        assertTrue(text.value("jvm_threads_current") >= 1);
        assertTrue(text.value("jvm_memory_used_bytes", "area", "heap") > 0);
        assertFalse(text.samples("jvm_gc_collection_seconds_count").isEmpty());
    }

    @Test
    void misuseIsRefusedAtRegistration() {
        Metrics node = metrics.withLabels("node", "n1");
        node.counter("eraft_kv_errors_total", "errors", "op", "get", "kind", "timeout");

        assertThrows(IllegalArgumentException.class, () -> node.counter("eraft_kv_errors_total", "errors", "op", "get"),
                "other label names for the same name");
        assertThrows(IllegalArgumentException.class, () -> node.histogram("eraft_kv_errors_total", "errors", "op",
                "get", "kind", "timeout"), "another kind for the same name");
        assertThrows(IllegalArgumentException.class, () -> node.counter("eraft_x_total", "x", "node", "n2"),
                "a label of the view given again");
        assertThrows(IllegalArgumentException.class, () -> node.withLabels("node", "n2"), "a label given twice");
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("eraft_x_total", "x", "peer"),
                "an odd number of label strings");
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("eraft_x", "x"), "a counter without _total");
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("eraft-x_total", "x"), "a bad name");
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge("eraft_y", "y", () -> 1, "bad-label", "v"),
                "a bad label name");
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("eraft_x_total", "x").add(-1),
                "a counter going down");
    }

    /** The whole output, read by the strict reader. */
    private PrometheusText scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static List<String> bounds(PrometheusText text, String bucket) {
        return text.samples(bucket).stream().map(s -> s.labels().get("le")).toList();
    }
}

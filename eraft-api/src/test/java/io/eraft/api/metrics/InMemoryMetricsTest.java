package io.eraft.api.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryMetricsTest {
    @Test
    void countersRegisteredThroughALabelledViewAreReadBackByAllTheirLabelsInAnyOrder() {
        InMemoryMetrics metrics = new InMemoryMetrics();
        Metrics node = metrics.withLabels("group", "g1", "node", "n1");
        Counter sent = node.counter("eraft_test_sent_total", "sent", "peer", "n2");
        sent.inc();
        sent.add(2);
        node.counter("eraft_test_sent_total", "sent", "peer", "n2").inc(); // the same series again

        assertEquals(4, metrics.counterValue("eraft_test_sent_total", "peer", "n2", "node", "n1", "group", "g1"));
        assertEquals(0, metrics.counterValue("eraft_test_sent_total", "peer", "n3", "node", "n1", "group", "g1"));
    }

    @Test
    void aCounterRefusesToGoDown() {
        Counter c = new InMemoryMetrics().counter("eraft_test_total", "t");
        assertThrows(IllegalArgumentException.class, () -> c.add(-1));
    }

    @Test
    void histogramsCountAndSumTheirObservationsAndDurationsAreInSeconds() {
        InMemoryMetrics metrics = new InMemoryMetrics();
        Histogram h = metrics.histogram("eraft_test_seconds", "t");
        h.observeNanos(1_500_000_000L);
        h.observe(0.5);
        assertEquals(2, metrics.histogramCount("eraft_test_seconds"));
        assertEquals(2.0, metrics.histogramSum("eraft_test_seconds"), 1e-9);
    }

    @Test
    void aGaugeIsReadWhenAskedAndALaterRegistrationReplacesTheSupplier() {
        InMemoryMetrics metrics = new InMemoryMetrics();
        AtomicLong term = new AtomicLong(3);
        metrics.gauge("eraft_test_term", "t", term::get, "node", "n1");
        term.set(5);
        assertEquals(5.0, metrics.gaugeValue("eraft_test_term", "node", "n1"));
        metrics.gauge("eraft_test_term", "t", () -> 9, "node", "n1");
        assertEquals(9.0, metrics.gaugeValue("eraft_test_term", "node", "n1"));
        assertTrue(Double.isNaN(metrics.gaugeValue("eraft_test_term", "node", "n2")));
    }

    @Test
    void labelsThatAreNotPairsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InMemoryMetrics().counter("eraft_x_total", "x", "peer"));
    }
}

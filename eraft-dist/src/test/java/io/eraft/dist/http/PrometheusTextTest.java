package io.eraft.dist.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The strict reader the endpoint tests check {@code /metrics} with accepts the format and refuses what breaks it. */
class PrometheusTextTest {
    private static final String GOOD = """
            # HELP eraft_raft_term Term "now" \\\\ here
            # TYPE eraft_raft_term gauge
            eraft_raft_term{group="kv",node="n\\"1\\\\"} 3.0
            # TYPE eraft_log_appended_entries_total counter
            eraft_log_appended_entries_total{node="n1"} 12
            # TYPE eraft_log_fsync_seconds histogram
            eraft_log_fsync_seconds_bucket{le="0.005"} 1
            eraft_log_fsync_seconds_bucket{le="+Inf"} 2
            eraft_log_fsync_seconds_count 2
            eraft_log_fsync_seconds_sum 1.5e-3
            """;

    @Test
    void readsFamiliesSamplesLabelsAndValues() {
        PrometheusText text = PrometheusText.parse(GOOD);
        assertEquals(3, text.families().size());
        assertEquals(3.0, text.value("eraft_raft_term", "node", "n\"1\\"));
        assertEquals(12, text.value("eraft_log_appended_entries_total"));
        assertEquals(2, text.value("eraft_log_fsync_seconds_bucket", "le", "+Inf"));
        assertEquals(0.0015, text.value("eraft_log_fsync_seconds_sum"));
        assertEquals(4, text.families().get("eraft_log_fsync_seconds").samples().size());
    }

    @Test
    void refusesWhatBreaksTheFormat() {
        for (String bad : new String[] {
                "eraft_x 1\n", // no TYPE
                "# TYPE eraft_x gauge\neraft_x{a=\"1\"} one\n", // value
                "# TYPE eraft_x gauge\neraft_x{a=1} 1\n", // unquoted label value
                "# TYPE eraft_x gauge\neraft_x{1a=\"1\"} 1\n", // label name
                "# TYPE eraft_x gauge\neraft_x{a=\"1\",a=\"2\"} 1\n", // label twice
                "# TYPE eraft_x gauge\neraft_x{a=\"1\\t\"} 1\n", // escape
                "# TYPE eraft_x gauge\neraft_x{a=\"1\" 1\n", // unterminated labels
                "# TYPE eraft-x gauge\n", // metric name
                "# TYPE eraft_x gauge\neraft_x 1\neraft_x 2\n", // series twice
                "# TYPE eraft_x gauge\neraft_x_total 1\n", // a gauge has no _total samples
                "# TYPE eraft_x gauge\n# TYPE eraft_x counter\n", // TYPE twice
                "# TYPE eraft_x gauge\n\neraft_x 1\n", // empty line
                "# a comment\n", // neither HELP nor TYPE
                "# TYPE eraft_x gauge\neraft_x 1", // no final line break
                "# TYPE eraft_x gauge\neraft_x 1 later\n", // timestamp
        }) {
            assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(bad), bad);
        }
    }
}

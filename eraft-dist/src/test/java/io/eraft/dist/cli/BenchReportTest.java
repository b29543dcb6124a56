package io.eraft.dist.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.eraft.dist.client.BenchOptions;
import io.eraft.dist.client.BenchReport;
import io.eraft.dist.client.LatencySummary;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class BenchReportTest {
    private static final BenchReport REPORT = new BenchReport(
            BenchOptions.timed(16, Duration.ofSeconds(10), 1000, 128, 0.25).withWarmup(Duration.ofSeconds(2)), 10.0,
            new LatencySummary(250, 25, 800, 1500, 2000, 4000, 9000),
            new LatencySummary(750, 75, 3000, 6000, 8000, 12000, 20000),
            new LatencySummary(1000, 100, 2500, 5500, 7500, 11000, 20000), 3, "KvTimeoutException: no server");

    /** Flattens a JSON object into "a.b" paths (array elements as "a[i]") and their text; for any JSON test. */
    public static Map<String, String> flatten(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            flatten(p, "", out);
        }
        return out;
    }

    private static void flatten(JsonParser p, String path, Map<String, String> out) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() != JsonToken.END_OBJECT) {
                String name = p.currentName();
                p.nextToken();
                flatten(p, path.isEmpty() ? name : path + "." + name, out);
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                flatten(p, path + "[" + i++ + "]", out);
            }
        } else {
            out.put(path, p.getText());
        }
    }

    @Test
    void jsonHoldsTheOptionsEveryKindsLatenciesAndTheErrors() throws IOException {
        Map<String, String> f = flatten(REPORT.toJson());
        assertEquals("16", f.get("clients"));
        assertEquals("0.25", f.get("readRatio"));
        assertEquals("2.0", f.get("warmupSeconds"));
        assertEquals("250", f.get("reads.ops"));
        assertEquals("75.0", f.get("writes.opsPerSecond"));
        assertEquals("7500.0", f.get("total.p99Micros"));
        assertEquals("11000.0", f.get("total.p999Micros"));
        assertEquals("20000.0", f.get("writes.maxMicros"));
        assertEquals("3", f.get("errors"));
        assertEquals("KvTimeoutException: no server", f.get("firstError"));
    }

    @Test
    void textShowsALinePerKindInMillisecondsAndTheFirstError() {
        String text = REPORT.toText();
        assertTrue(text.contains("16 clients, 10.0 s, 1000 keys, 128-byte values, read ratio 0.25"), text);
        assertTrue(text.matches("(?s).*writes\\s+750\\s+75\\s+3\\.00\\s+6\\.00\\s+8\\.00\\s+12\\.00\\s+20\\.00.*"),
                text);
        assertTrue(text.contains("errors: 3 (first: KvTimeoutException: no server)"), text);
    }

    @Test
    void optionsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.timed(0, Duration.ofSeconds(1), 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.timed(1, Duration.ofSeconds(1), 1, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.timed(1, Duration.ZERO, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.counted(1, 0, 1, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.counted(1, 10, 1, 1, 0).withWarmup(Duration.ofSeconds(1)));
    }
}

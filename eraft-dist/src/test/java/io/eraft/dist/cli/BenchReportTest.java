package io.eraft.dist.cli;

import io.eraft.dist.client.BenchOptions;
import io.eraft.dist.client.BenchReport;
import io.eraft.dist.client.DiskFloor;
import io.eraft.dist.client.LatencySummary;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchReportTest {
    private static final BenchReport REPORT = new BenchReport(
            BenchOptions.timed(16, Duration.ofSeconds(10), 1000, 128, 0.25).withWarmup(Duration.ofSeconds(2)), 10.0,
            new LatencySummary(250, 25, 800, 1500, 2000, 4000, 9000),
            new LatencySummary(750, 75, 3000, 6000, 8000, 12000, 20000),
            new LatencySummary(1000, 100, 2500, 5500, 7500, 11000, 20000), 3, "KvTimeoutException: no server");

    @Test
    void jsonHoldsTheOptionsEveryKindsLatenciesAndTheErrors() throws IOException {
        JsonFields.assertHolds(REPORT.toJson(),
                "clients", "16",
                "readRatio", "0.25",
                "warmupSeconds", "2.0",
                "reads.ops", "250",
                "writes.opsPerSecond", "75.0",
                "total.p99Micros", "7500.0",
                "total.p999Micros", "11000.0",
                "writes.maxMicros", "20000.0",
                "errors", "3",
                "firstError", "KvTimeoutException: no server");
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
    void aReportWithItsDiskFloorShowsTheFsyncPercentilesAndTheWritesP50AsAMultipleOfIt() throws IOException {
        BenchReport withFloor = REPORT.withFloor(new DiskFloor(Path.of("data"), 500, 200, 400));
        String text = withFloor.toText();
        assertTrue(text.contains("disk floor: fdatasync of a 4096-byte append in data: p50 200 us, p99 400 us "
                + "(500 samples); writes p50 = 15.0 x the fdatasync p50"), text);
        JsonFields.assertHolds(withFloor.toJson(),
                "diskFloor.fdatasyncP50Micros", "200.0",
                "diskFloor.fdatasyncP99Micros", "400.0",
                "diskFloor.samples", "500",
                "writes.p50Micros", "3000.0");
        assertFalse(REPORT.toText().contains("disk floor"), "no floor measured, none shown");
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

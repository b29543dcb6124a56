package io.eraft.dist.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskFloorTest {
    @Test
    void theProbeTimesEveryFdatasyncAndLeavesNoFileBehind(@TempDir Path dir) throws Exception {
        DiskFloor floor = DiskFloor.measure(dir, 20);
        assertEquals(20, floor.samples());
        assertTrue(floor.p50Micros() > 0, "an fdatasync takes time: " + floor);
        assertTrue(floor.p99Micros() >= floor.p50Micros(), floor.toString());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the probe file is deleted");
        }
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsNamedInTheError(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-dir");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> DiskFloor.measure(missing, 5));
        assertTrue(e.getMessage().contains("no-such-dir"), e.getMessage());
    }

    @Test
    void percentilesAreNearestRankAndTheMultipleIsOfTheMedian() {
        long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertEquals(50, DiskFloor.percentile(sorted, 50));
        assertEquals(100, DiskFloor.percentile(sorted, 99));
        assertEquals(10, DiskFloor.percentile(sorted, 1));
        assertEquals(2.5, new DiskFloor(Path.of("."), 10, 200, 400).multipleOfP50(500));
    }
}

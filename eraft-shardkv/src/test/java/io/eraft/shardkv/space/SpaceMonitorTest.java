package io.eraft.shardkv.space;

import io.eraft.api.store.StoreOptionsException;
import io.eraft.api.testkit.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The space alarm against fake measurements: when it is raised and why, that it clears by itself, its settings. */
@Timeout(30)
class SpaceMonitorTest {
    private static final SpaceSettings SETTINGS = new SpaceSettings(1_000, 5_000, Duration.ofMillis(10));

    private final AtomicLong free = new AtomicLong(1_000_000);
    private final AtomicLong store = new AtomicLong(100);
    private final AtomicBoolean broken = new AtomicBoolean();

    private SpaceMonitor monitor(SpaceSettings settings) {
        return new SpaceMonitor("g/n1", settings, () -> {
            if (broken.get()) {
                throw new IOException("statfs failed");
            }
            return free.get();
        }, store::get);
    }

    @Test
    void tooLittleFreeSpaceRaisesTheAlarmNamingTheSettingAndSpaceBackClearsIt() {
        SpaceMonitor m = monitor(SETTINGS);
        assertFalse(m.check().raised(), "plenty of space");
        free.set(999);
        SpaceAlarm alarm = m.check();
        assertTrue(alarm.raised());
        assertEquals("only 999 bytes are free on the data directory's file system, under space.min-free=1000",
                alarm.reason());
        assertEquals(999, alarm.freeBytes());
        free.set(1_000);
        assertFalse(m.check().raised(), "exactly the minimum is enough");
        assertEquals("", m.alarm().reason());
    }

    @Test
    void aStoreOverTheQuotaRaisesTheAlarmUntilItShrinks() {
        SpaceMonitor m = monitor(SETTINGS);
        store.set(5_001);
        SpaceAlarm alarm = m.check();
        assertTrue(alarm.raised());
        assertEquals("the store holds 5001 bytes, over space.quota=5000", alarm.reason());
        store.set(4_000);
        assertFalse(m.check().raised());
    }

    @Test
    void zeroTurnsEachCheckOff() {
        SpaceMonitor m = monitor(new SpaceSettings(0, 0, Duration.ofMillis(10)));
        free.set(0);
        store.set(Long.MAX_VALUE);
        SpaceAlarm alarm = m.check();
        assertFalse(alarm.raised());
        assertEquals(0, alarm.freeBytes(), "it still measures, for status");
    }

    @Test
    void aMeasurementThatFailsKeepsTheLastState() {
        SpaceMonitor m = monitor(SETTINGS);
        free.set(10);
        assertTrue(m.check().raised());
        broken.set(true);
        free.set(1_000_000);
        SpaceAlarm alarm = m.check();
        assertTrue(alarm.raised(), "an unreadable disk does not clear the alarm");
        assertEquals(-1, alarm.freeBytes());
        broken.set(false);
        assertFalse(m.check().raised());
    }

    @Test
    void theTimerRaisesAndClearsTheAlarmWithoutAnyCaller() {
        try (SpaceMonitor m = monitor(SETTINGS)) {
            m.start();
            assertFalse(m.raised(), "measured once at start");
            free.set(1);
            assertTrue(Poll.until(Duration.ofSeconds(10), m::raised), "raised on the timer");
            free.set(1_000_000);
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> !m.raised()), "cleared by itself on the timer");
        }
    }

    @Test
    void aRealDirectoryIsMeasuredThroughItsNearestExistingAncestor(@TempDir Path dir) throws IOException {
        long usable = FreeSpace.of(dir.resolve("not/yet/created")).usableBytes();
        assertTrue(usable > 0, "usable bytes " + usable);
    }

    @Test
    void settingsComeFromOptionsWithSizeSuffixesAndDefaults() {
        assertEquals(SpaceSettings.DEFAULT, SpaceSettings.fromOptions(Map.of()));
        assertEquals(256L << 20, SpaceSettings.DEFAULT.minFreeBytes(), "space.min-free defaults to 256 MiB");
        assertEquals(8L << 30, SpaceSettings.DEFAULT.quotaBytes(), "space.quota defaults to 8 GiB");
        SpaceSettings s = SpaceSettings.fromOptions(Map.of("space.min-free", "1g", "space.quota", "512m",
                "space.check-interval-ms", "250", "raft.max-append-bytes", "1m"));
        assertEquals(new SpaceSettings(1L << 30, 512L << 20, Duration.ofMillis(250)), s);
        StoreOptionsException e = assertThrows(StoreOptionsException.class,
                () -> SpaceSettings.fromOptions(Map.of("space.quota", "lots")));
        assertTrue(e.getMessage().contains("'space.quota'"), e.getMessage());
    }
}

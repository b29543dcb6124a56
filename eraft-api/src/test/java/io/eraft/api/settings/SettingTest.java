package io.eraft.api.settings;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingTest {
    enum Mode { SYNC, NO_SYNC }

    @Test
    void sizesReadPlainBytesAndEveryUnitAsPowersOf1024() {
        assertEquals(4096, Sizes.parse("4096"));
        assertEquals(4096, Sizes.parse("4KiB"));
        assertEquals(4096, Sizes.parse("4k"));
        assertEquals(4096, Sizes.parse("4kb"));
        assertEquals(64L << 20, Sizes.parse("64MiB"));
        assertEquals(64L << 20, Sizes.parse(" 64 m "));
        assertEquals(1L << 30, Sizes.parse("1g"));
        assertEquals(2L << 40, Sizes.parse("2TiB"));
        assertEquals(7, Sizes.parse("7B"));
    }

    @Test
    void sizesRefuseTextThatIsNoSizeAndSizesBeyondALong() {
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("64 megs"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("1.5m"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("9000000TiB"));
    }

    @Test
    void sizesAreFormattedInTheLargestUnitThatDividesThemAndReadBack() {
        assertEquals("64MiB", Sizes.format(64L << 20));
        assertEquals("1536KiB", Sizes.format(1536L << 10));
        assertEquals("1000", Sizes.format(1000));
        assertEquals("0", Sizes.format(0));
        for (long v : new long[]{0, 1, 1000, 4096, 64L << 20, 3L << 40}) {
            assertEquals(v, Sizes.parse(Sizes.format(v)));
        }
    }

    @Test
    void durationsNeedAUnitAndReadMillisecondsSecondsMinutesAndHours() {
        assertEquals(Duration.ofMillis(150), Durations.parse("150ms"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5min"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("150"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("2 seconds"));
        assertEquals("150ms", Durations.format(Duration.ofMillis(150)));
        assertEquals("2s", Durations.format(Duration.ofSeconds(2)));
        assertEquals("5min", Durations.format(Duration.ofMinutes(5)));
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingTheKeyTheValueAndTheRange() {
        Setting<Long> size = Setting.size("store.map-size", 1L << 30, 1L << 20, 1L << 40, "largest database");
        assertEquals(64L << 20, size.parse("64MiB"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> size.parse("4KiB"));
        assertEquals("store.map-size", e.key());
        assertEquals("4KiB", e.value());
        assertTrue(e.getMessage().contains("'store.map-size'") && e.getMessage().contains("out of range")
                && e.getMessage().contains("1MiB..1TiB"), e.getMessage());
    }

    @Test
    void aSizeWithoutAPracticalMaximumShowsOnlyItsMinimum() {
        Setting<Long> quota = Setting.size("space.quota", 8L << 30, 0, Long.MAX_VALUE, "quota");
        assertEquals("0 or more bytes (e.g. 4KiB, 64MiB)", quota.allowed());
        assertThrows(InvalidSettingException.class, () -> quota.parse("-1"));
    }

    @Test
    void unparsableTextIsRefusedNamingTheKindItShouldBe() {
        Setting<Duration> tick = Setting.duration("raft.tick", Duration.ofMillis(10), Duration.ofMillis(1),
                Duration.ofSeconds(60), "tick");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> tick.parse("ten"));
        assertTrue(e.getMessage().contains("cannot read it as a duration") && e.getMessage().contains("1ms..1min"),
                e.getMessage());
        assertThrows(InvalidSettingException.class, () -> tick.parse("2min"), "above the 60 s maximum");
    }

    @Test
    void integersLongsAndDecimalsAreCheckedAgainstTheirBounds() {
        Setting<Integer> ticks = Setting.integer("raft.election-ticks", 15, 2, 100, "election");
        assertEquals(30, ticks.parse("30"));
        assertThrows(InvalidSettingException.class, () -> ticks.parse("1"));
        assertThrows(InvalidSettingException.class, () -> ticks.parse("3.5"));
        Setting<Long> lag = Setting.longValue("raft.max-promotion-lag", 1000, 0, 1L << 40, "lag");
        assertEquals(5_000_000_000L, lag.parse("5000000000"));
        Setting<Double> drift = Setting.decimal("x.drift", 0.1, 0, 0.5, "drift");
        assertEquals(0.25, drift.parse("0.25"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> drift.parse("0.6"));
        assertEquals("0.0..0.5", e.allowed());
    }

    @Test
    void booleansAreTrueOrFalseAndNothingElse() {
        Setting<Boolean> b = Setting.bool("raft.pre-vote", true, "pre-vote");
        assertEquals(false, b.parse("FALSE"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> b.parse("yes"));
        assertEquals("true|false", e.allowed());
    }

    @Test
    void enumsAreReadByLowerCaseNameWithDashOrUnderscoreAndRefusedListingTheChoices() {
        Setting<Mode> mode = Setting.choice("store.sync", Mode.class, Mode.SYNC, "sync");
        assertEquals(Mode.NO_SYNC, mode.parse("no-sync"));
        assertEquals(Mode.NO_SYNC, mode.parse("no_sync"));
        assertEquals("sync", mode.defaultText());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> mode.parse("fast"));
        assertEquals("sync|no_sync", e.allowed());
    }

    @Test
    void aPrefixedSettingKeepsEverythingButItsKey() {
        Setting<Long> size = Setting.size("map-size", 1L << 30, 1L << 20, 1L << 40, "largest database");
        Setting<Long> prefixed = size.withPrefix("store.");
        assertEquals("store.map-size", prefixed.key());
        assertEquals(size.allowed(), prefixed.allowed());
        assertEquals("1GiB", prefixed.defaultText());
        assertEquals("size", prefixed.kind());
    }

    @Test
    void nearestKeyIsFoundForATypoAndNotForAnotherWord() {
        assertEquals("raft.election-ticks",
                NearestKey.of("raft.elction-ticks", java.util.List.of("raft.tick", "raft.election-ticks")));
        assertNull(NearestKey.of("colour", java.util.List.of("raft.tick", "raft.election-ticks")));
        assertEquals(3, NearestKey.distance("kitten", "sitting"));
    }
}

package io.eraft.api.settings;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {
    private static final Setting<Duration> TICK = Setting.duration("raft.tick", Duration.ofMillis(10),
            Duration.ofMillis(1), Duration.ofSeconds(60), "tick");
    private static final Setting<Integer> ELECTION = Setting.integer("raft.election-ticks", 15, 2, 1000, "election");
    private static final Setting<Long> APPEND = Setting.size("raft.max-append-bytes", 1L << 20, 1024, 40L << 20,
            "append");
    private static final List<Setting<?>> DECLARED = List.of(TICK, ELECTION, APPEND);

    @Test
    void givenValuesAreReadAndTheRestKeepTheirDefaults() {
        Settings s = Settings.parse(DECLARED, Map.of("raft.tick", "20ms", "raft.max-append-bytes", "4MiB"));
        assertEquals(Duration.ofMillis(20), s.get(TICK));
        assertEquals(4L << 20, s.get(APPEND));
        assertEquals(15, s.get(ELECTION));
        assertTrue(s.isGiven(TICK));
        assertFalse(s.isGiven(ELECTION));
        assertEquals(DECLARED, s.declared());
        assertEquals("{raft.election-ticks=15, raft.max-append-bytes=4MiB, raft.tick=20ms}", s.toString());
    }

    @Test
    void defaultsAreTheDeclaredDefaults() {
        Settings s = Settings.defaults(DECLARED);
        assertEquals(Duration.ofMillis(10), s.get(TICK));
        assertEquals(1L << 20, s.get(APPEND));
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheNearestKnownKeyAndListingAll() {
        UnknownSettingException e = assertThrows(UnknownSettingException.class,
                () -> Settings.parse(DECLARED, Map.of("raft.election-tick", "30")));
        assertEquals("raft.election-tick", e.key());
        assertEquals("raft.election-ticks", e.suggestion().orElseThrow());
        assertEquals(List.of("raft.election-ticks", "raft.max-append-bytes", "raft.tick"), e.known());
        assertTrue(e.getMessage().startsWith("unknown setting 'raft.election-tick'; did you mean "
                + "'raft.election-ticks'?"), e.getMessage());
    }

    @Test
    void anUnknownKeyFarFromEveryKnownOneIsRefusedWithoutASuggestion() {
        UnknownSettingException e = assertThrows(UnknownSettingException.class,
                () -> Settings.parse(DECLARED, Map.of("colour", "blue")));
        assertTrue(e.suggestion().isEmpty());
        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
    }

    @Test
    void aBadValueIsRefusedNamingTheKeyAndTheAllowedValues() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Settings.parse(DECLARED, Map.of("raft.max-append-bytes", "64MiB")));
        assertEquals("raft.max-append-bytes", e.key());
        assertEquals("1KiB..40MiB bytes (e.g. 4KiB, 64MiB)", e.allowed());
    }

    @Test
    void aSettingNotDeclaredCannotBeRead() {
        Settings s = Settings.defaults(List.of(TICK));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.get(ELECTION));
        assertTrue(e.getMessage().contains("raft.election-ticks"), e.getMessage());
    }

    @Test
    void twoSettingsWithOneKeyAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults(List.of(TICK, TICK)));
    }
}

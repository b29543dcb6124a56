package io.eraft.persister;

import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.LogStoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding the providers by name and checking their options. */
class ProvidersTest {
    @TempDir
    Path dir;

    @Test
    void bothProvidersAreFoundByName() {
        assertEquals("segmented", LogStoreProvider.byName("segmented").name());
        assertInstanceOf(SegmentedLogStoreProvider.class, LogStoreProvider.byName("segmented"));
        assertInstanceOf(MemoryLogStoreProvider.class, LogStoreProvider.byName("memory"));
    }

    @Test
    void memoryProviderOpensAMemoryLogStore() {
        try (LogStore log = LogStoreProvider.byName("memory").open(dir, Map.of("sync-delay-micros", "0"))) {
            assertInstanceOf(MemoryLogStore.class, log);
        } finally {
            MemoryLogStoreProvider.forget(dir);
        }
    }

    @Test
    void segmentedAcceptsSizeSuffixesAndBooleans() {
        try (LogStore log = LogStoreProvider.byName("segmented").open(dir,
                Map.of("fsync", "false", "segment-bytes", "2M", "cache-bytes", "512k"))) {
            assertEquals(0, log.lastIndex());
        }
    }

    @Test
    void unknownOptionIsRejectedListingTheKnownOnes() {
        LogStoreException e = assertThrows(LogStoreException.class,
                () -> LogStoreProvider.byName("segmented").open(dir, Map.of("fsynk", "true")));
        assertTrue(e.getMessage().contains("'fsynk'"), e.getMessage());
        assertTrue(e.getMessage().contains("cache-bytes, fsync, segment-bytes"), e.getMessage());
        LogStoreException m = assertThrows(LogStoreException.class,
                () -> LogStoreProvider.byName("memory").open(dir, Map.of("fsync", "true")));
        assertTrue(m.getMessage().contains("sync-delay-micros"), m.getMessage());
    }

    @Test
    void badValuesAreRejectedNamingOptionAndValue() {
        assertBad("segmented", Map.of("fsync", "maybe"), "'fsync'", "maybe");
        assertBad("segmented", Map.of("segment-bytes", "12x"), "'segment-bytes'", "12x");
        assertBad("segmented", Map.of("segment-bytes", "100"), "'segment-bytes'", "out of range");
        assertBad("segmented", Map.of("cache-bytes", "-1"), "'cache-bytes'", "out of range");
        assertBad("memory", Map.of("sync-delay-micros", "-5"), "'sync-delay-micros'", "out of range");
        assertBad("memory", Map.of("sync-delay-micros", "soon"), "'sync-delay-micros'", "soon");
    }

    private void assertBad(String provider, Map<String, String> options, String... fragments) {
        LogStoreException e = assertThrows(LogStoreException.class,
                () -> LogStoreProvider.byName(provider).open(dir, options));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + f + "' missing in: " + e.getMessage());
        }
    }

    @Test
    void theLogProvidersDeclareTheOptionsTheyRead() {
        assertEquals(java.util.List.of("fsync", "segment-bytes", "cache-bytes"),
                LogStoreProvider.byName("segmented").settings().stream()
                        .map(io.eraft.api.settings.Setting::key).toList());
        assertEquals(java.util.List.of("sync-delay-micros"), LogStoreProvider.byName("memory").settings().stream()
                .map(io.eraft.api.settings.Setting::key).toList());
    }
}

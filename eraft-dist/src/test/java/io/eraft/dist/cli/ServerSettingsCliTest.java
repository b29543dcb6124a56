package io.eraft.dist.cli;

import io.eraft.api.settings.Setting;
import io.eraft.dist.server.ServerSettings;
import io.eraft.dist.server.SettingGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.eraft.dist.cli.CliRun.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code eraft server --help-settings}, and a server refusing bad settings at start through the command line. */
class ServerSettingsCliTest {
    private static final String PEERS = "n1=127.0.0.1:1";

    @Test
    void helpSettingsPrintsEveryKeyOnceWithItsTypeDefaultAndRangeGrouped() {
        CliRun r = eraft("server", "--help-settings");
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        List<String> keys = new ArrayList<>();
        for (SettingGroup g : ServerSettings.groups()) {
            assertTrue(r.out().contains("\n" + g.title() + ":\n"), "group " + g.title() + " in:\n" + r.out());
            g.settings().forEach(s -> keys.add(s.key()));
        }
        Set<String> distinctStoreless = new HashSet<>();
        for (String key : keys) {
            if (!key.startsWith("store.")) {
                assertTrue(distinctStoreless.add(key), "declared twice: " + key);
            }
            assertEquals(1, occurrences(r.out(), "\n  " + key + "  ("), key + " once per group in:\n" + r.out());
        }
        for (String expected : List.of("node.id", "snapshot.threshold", "raft.tick", "raft.election-ticks",
                "raft.heartbeat-ticks", "raft.pre-vote", "raft.check-quorum", "raft.max-append-bytes",
                "raft.max-inflight-appends", "raft.max-inflight-bytes", "raft.max-entry-cache-bytes",
                "raft.max-pending-proposals", "raft.snapshot-chunk-bytes", "raft.request-timeout",
                "raft.max-promotion-lag", "raft.lease-read", "raft.lease-max-drift-percent", "kv.max-value-bytes",
                "space.quota", "log.segment-bytes", "log.cache-bytes", "transport.max-frame-bytes",
                "transport.tls-cert", "store.map-size", "store.block-cache-size")) {
            assertTrue(keys.contains(expected), expected + " in " + keys);
        }
        assertTrue(r.out().contains("  raft.tick  (duration, default 10ms; allowed 1ms..1min (e.g. 150ms, 2s)): "
                + "length of one Raft tick"), r.out());
        assertTrue(r.out().contains("  store.map-size  (size, default 1GiB; allowed 1MiB..16TiB bytes"), r.out());
    }

    @Test
    void everyLineOfTheHelpIsASettingOrAGroupOrTheIntroduction() {
        String[] lines = eraft("server", "--help-settings").out().split("\n");
        int settings = 0;
        for (SettingGroup g : ServerSettings.groups()) {
            settings += g.settings().size();
        }
        int printed = 0;
        for (String line : lines) {
            if (line.startsWith("  ")) {
                printed++;
            }
        }
        assertEquals(settings, printed);
    }

    @Test
    void aServerRefusesAnUnknownKeyAtStartNamingTheNearestKnownKey(@TempDir Path dir) {
        CliRun r = eraft("server", "--id", "n1", "--peers", PEERS, "--data-dir", dir.toString(),
                "--set", "raft.election-tiks=30");
        assertEquals(ExitCodes.ERROR, r.exit(), r.err());
        assertTrue(r.err().contains("unknown setting 'raft.election-tiks'; did you mean 'raft.election-ticks'?"),
                r.err());
        assertFalse(Files.exists(dir.resolve("log")), "nothing started");
    }

    @Test
    void aServerRefusesAnOutOfRangeValueInItsConfigFileNamingTheKeyAndTheAllowedValues(@TempDir Path dir)
            throws Exception {
        Path config = dir.resolve("n1.properties");
        Files.writeString(config, "node.id=n1\npeers=" + PEERS + "\ndata.dir=" + dir.resolve("data")
                + "\nlog.segment-bytes=1\n");
        CliRun r = eraft("server", "--config", config.toString());
        assertEquals(ExitCodes.ERROR, r.exit(), r.err());
        assertTrue(r.err().contains("bad value '1' for setting 'log.segment-bytes': out of range; allowed: "
                + "1KiB..1GiB bytes"), r.err());
    }

    @Test
    void aServerRefusesAStoreOptionOfAnotherStoreNamingTheStoresOwnOptions(@TempDir Path dir) {
        CliRun r = eraft("server", "--id", "n1", "--peers", PEERS, "--data-dir", dir.toString(), "--store", "lmdb",
                "--set", "store.block-cache-size=8m");
        assertEquals(ExitCodes.ERROR, r.exit(), r.err());
        assertTrue(r.err().contains("unknown setting 'store.block-cache-size'") && r.err().contains("store.map-size"),
                r.err());
    }

    @Test
    void aServerRefusesAnUnparsableDurationNamingTheForm(@TempDir Path dir) {
        CliRun r = eraft("server", "--id", "n1", "--peers", PEERS, "--data-dir", dir.toString(),
                "--set", "raft.tick=10");
        assertEquals(ExitCodes.ERROR, r.exit(), r.err());
        assertTrue(r.err().contains("bad value '10' for setting 'raft.tick': cannot read it as a duration"), r.err());
    }

    @Test
    void aKeyTheServerReadsUnderAnotherNameIsRefusedNamingThatName(@TempDir Path dir) {
        CliRun threshold = eraft("server", "--id", "n1", "--peers", PEERS, "--data-dir", dir.toString(),
                "--set", "raft.snapshot-threshold-bytes=1m");
        assertEquals(ExitCodes.ERROR, threshold.exit(), threshold.err());
        assertTrue(threshold.err().contains("give 'snapshot.threshold' instead"), threshold.err());
        CliRun fsync = eraft("server", "--id", "n1", "--peers", PEERS, "--data-dir", dir.toString(),
                "--set", "log.fsync=false");
        assertEquals(ExitCodes.ERROR, fsync.exit(), fsync.err());
        assertTrue(fsync.err().contains("give 'fsync' instead"), fsync.err());
    }

    @Test
    void everyDeclaredDefaultReadsBackAsItsValue() {
        for (SettingGroup g : ServerSettings.groups()) {
            for (Setting<?> s : g.settings()) {
                if (!s.defaultText().isEmpty()) {
                    assertEquals(s.defaultValue(), s.parse(s.defaultText()), s.key());
                }
            }
        }
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

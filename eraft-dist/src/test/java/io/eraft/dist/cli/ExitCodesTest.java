package io.eraft.dist.cli;

import io.eraft.api.log.LogCorruptedException;
import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.DamagedLogException;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.cluster.FreePorts;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import static io.eraft.dist.cli.CliRun.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failure ends a command with which exit status, and what a damaged log's message tells the operator. */
class ExitCodesTest {
    @Test
    void aDamagedLogExitsFourSettingsErrorsTwoAndBugsAreNotSwallowed() {
        var damaged = DamagedLogException.of("n1", Path.of("d"), new LogCorruptedException("bad CRC",
                Path.of("d/log/1.seg"), true));
        assertEquals(OptionalInt.of(ExitCodes.LOG_DAMAGED), ExitCodes.of(damaged));
        assertEquals(OptionalInt.of(ExitCodes.ERROR), ExitCodes.of(new ConfigException("bad peers")));
        assertEquals(OptionalInt.of(ExitCodes.ERROR), ExitCodes.of(new IllegalArgumentException("bad")));
        assertEquals(OptionalInt.of(ExitCodes.ERROR), ExitCodes.of(new LogCorruptedException("bad CRC")),
                "a damaged log met outside a server's start is an error like any other");
        assertEquals(OptionalInt.empty(), ExitCodes.of(new NullPointerException()));
        assertEquals(OptionalInt.empty(), ExitCodes.of(new IllegalStateException("bug")));
    }

    @Test
    void aRepairableDamageNamesTheFileAndTheRepairCommand() {
        Path dir = Path.of("eraft-data", "n2");
        var e = DamagedLogException.of("n2", dir, new LogCorruptedException("record 17 at offset 4096: bad CRC",
                dir.resolve("log/00000000000000000001.seg"), true));
        String m = e.getMessage();
        assertTrue(m.startsWith("the Raft log of node n2 is damaged (file "
                + dir.resolve("log/00000000000000000001.seg").toAbsolutePath() + "): record 17 at offset 4096"), m);
        assertTrue(m.contains("eraft repair-log --data-dir " + dir.toAbsolutePath() + " "), m);
        assertEquals(dir.toAbsolutePath(), e.dataDir());
    }

    @Test
    void aLogStoreMessageThatNamesTheRepairAlreadyIsNotRepeated() {
        var e = DamagedLogException.of("n2", Path.of("d"), new LogCorruptedException("damaged log in d/log: bad CRC. "
                + "To repair it, stop the member and run `eraft repair-log --data-dir d`", Path.of("d/log/1.seg"),
                true));
        assertEquals(1, e.getMessage().split("eraft repair-log", -1).length - 1, e.getMessage());
    }

    @Test
    void damageRepairCannotCutSaysSoInsteadOfOfferingTheRepair() {
        var e = DamagedLogException.of("n2", Path.of("d"), new LogCorruptedException("META unreadable",
                Path.of("d/log/META"), false));
        assertFalse(e.getMessage().contains("eraft repair-log --data-dir"), e.getMessage());
        assertTrue(e.getMessage().contains("eraft repair-log cannot repair this"), e.getMessage());
    }

    @Test
    void repairLogRefusesADirectoryWithoutALogAndAnUnknownLogStore(@TempDir Path dir) throws Exception {
        CliRun none = eraft("repair-log", "--data-dir", dir.toString());
        assertEquals(ExitCodes.ERROR, none.exit(), none.toString());
        assertTrue(none.err().contains("no Raft log in " + dir.toAbsolutePath()), none.err());
        Files.createDirectories(dir.resolve("log"));
        CliRun unknown = eraft("repair-log", "--data-dir", dir.toString(), "--log", "nosuch");
        assertEquals(ExitCodes.ERROR, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("unknown log store 'nosuch'") && unknown.err().contains("segmented"),
                unknown.err());
    }

    @Test
    void repairLogRefusesTheDataDirectoryOfARunningServer(@TempDir Path dir) {
        String address = "127.0.0.1:" + FreePorts.pick(1).get(0);
        try (EraftServer running = EraftServer.start(new ServerConfig(NodeId.of("n1"), "kv",
                PeerList.parse("n1=" + address, "test"), address, dir, "leveldb", Map.of(), Map.of(), 0, false))) {
            CliRun r = eraft("repair-log", "--data-dir", dir.toString());
            assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
            assertTrue(r.err().contains("is locked by another eraft server"), r.err());
        }
    }
}

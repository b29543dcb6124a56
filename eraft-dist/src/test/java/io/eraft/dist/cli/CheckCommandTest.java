package io.eraft.dist.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.eraft.dist.cli.CliRun.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class CheckCommandTest {
    @Test
    void aCheckOfAHealthyGroupRecordsEveryOperationAndPasses(@TempDir Path dir) throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir.resolve("cluster"))) {
            cluster.awaitLeader();
            Path history = dir.resolve("history.txt");
            CliRun r = eraft("check", "--servers", cluster.peers.format(), "--duration", "3s", "--clients", "4",
                    "--keys", "4", "--seed", "7", "--history", history.toString());
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("checker: LINEARIZABLE") && r.out().contains("verdict: PASS"), r.out());
            assertTrue(r.out().contains("acknowledged writes lost: 0, duplicated: 0"), r.out());
            long lines = Files.readAllLines(history).size() - 1;
            assertTrue(r.out().contains("history: " + history + " (" + lines + " operations)"), r.out());
            assertTrue(lines > 50, "operations recorded: " + lines);
        }
    }

    @Test
    void aCheckNeedsExactlyOneOfServersAndLocal() {
        CliRun neither = eraft("check", "--duration", "1s");
        assertEquals(2, neither.exit());
        assertTrue(neither.err().contains("give either --servers"), neither.err());
        CliRun both = eraft("check", "--servers", "n1=127.0.0.1:1", "--local", "3");
        assertEquals(2, both.exit());
    }

    @Test
    void theHelpListsEveryFaultKind() {
        CliRun r = eraft("check", "--help");
        assertEquals(0, r.exit(), r.err());
        String help = r.out().replaceAll("-\\s+", "-").replaceAll("\\s+", " "); // undo the wrapping
        assertTrue(help.contains("kill, pause, partition, damage-tail, foreign, forged, all or none"), r.out());
        assertTrue(help.contains("crafted Raft messages"), r.out());
    }

    @Test
    void anUnknownFaultIsRefusedBeforeAnythingStarts(@TempDir Path dir) {
        Path work = dir.resolve("never-started");
        CliRun r = eraft("check", "--local", "3", "--faults", "reboot", "--work-dir", work.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown fault 'reboot'")
                && r.err().contains("kill, pause, partition, damage-tail, foreign, forged, all or none"), r.err());
        assertTrue(Files.notExists(work), "nothing was created");
    }
}

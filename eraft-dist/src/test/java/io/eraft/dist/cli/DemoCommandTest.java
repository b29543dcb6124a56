package io.eraft.dist.cli;

import io.eraft.dist.cluster.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {
    @Test
    @Timeout(120)
    void demoStartsThreeNodesBenchmarksPrintsStatusAndStopsAfterItsDuration(@TempDir Path dir) {
        int base = FreePorts.consecutive(3);
        StringWriter out = new StringWriter();
        CommandLine cl = EraftCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        int exit = cl.execute("demo", "--dir", dir.toString(), "--base-port", String.valueOf(base),
                "--bench-clients", "4", "--bench-time", "1s", "--duration", "200ms");
        String text = out.toString();
        assertEquals(0, exit, text);
        assertTrue(text.contains("Started 3 nodes of group 'kv' (store leveldb, fsync on"), text);
        assertTrue(text.contains("n1=127.0.0.1:" + base + ",n2=127.0.0.1:" + (base + 1) + ",n3=127.0.0.1:"
                + (base + 2)), text);
        assertTrue(text.matches("(?s).*Leader: n[123] \\(term \\d+\\).*"), text);
        assertTrue(text.matches("(?s).*\\ntotal\\s+[1-9]\\d*\\s.*"), "the benchmark completed operations: " + text);
        assertTrue(text.contains("Status:") && text.lines().filter(l -> l.matches("n[123] .*(LEADER|FOLLOWER).*"))
                .count() == 3, text);
        assertTrue(text.contains("eraft kv --servers n1=127.0.0.1:" + base), text);
        assertTrue(text.endsWith("Demo stopped.\n"), text);
        for (String node : new String[] {"n1", "n2", "n3"}) {
            assertTrue(Files.isDirectory(dir.resolve(node).resolve("store")), "LevelDB data of " + node);
        }
    }
}

package io.eraft.dist.cli;

import io.eraft.dist.cluster.FreePorts;
import io.eraft.dist.demo.DemoOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {
    private static CliRun demo(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.eraft(all);
    }

    @Test
    @Timeout(120)
    void demoJoinsAThirdGroupUnderLoadMovesShardsToItAndReadsBackEveryKeyWrittenBefore(@TempDir Path dir) {
        int base = FreePorts.consecutive(DemoOptions.PORTS + 1); // the cluster's, then the web console's
        CliRun r = demo("--dir", dir.toString(), "--base-port", String.valueOf(base), "--clients", "4",
                "--bench-time", "1s", "--after", "500ms", "--fsync", "false", "--duration", "100ms");
        String text = r.out();
        assertEquals(0, r.exit(), text + r.err());
        assertTrue(text.contains("Controllers: 127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:"
                + (base + 2)), text);
        assertTrue(text.matches("(?s).*Joined g1 and g2: configuration 1; g1 owns shards \\S+, g2 owns \\S+\n.*"),
                text);
        assertTrue(text.matches("(?s).*\\[\\s*\\d+s]\\s+[\\d,]+ ops/s, [\\d,]+ errors/s, p99 [\\d.]+ ms\n.*"),
                "a line a second: " + text);
        assertTrue(text.matches("(?s).*Joined g3 under load: configuration 2 moves shards \\S+ to it\n.*"), text);
        assertTrue(text.contains("Migration settled"), text);
        assertTrue(text.contains("Read back all 256 check keys written before the migration, each with its value."),
                text);
        assertTrue(text.matches("(?s).*\ng3\\s+2\\s+\\S+\\s+\\(\\d+\\)\\s+\\S+ serving\n.*"),
                "the status shows g3 serving its shards of configuration 2: " + text);
        assertTrue(text.contains("eraft kv --ctrlers 127.0.0.1:" + base), text);
        String console = "http://127.0.0.1:" + (base + DemoOptions.PORTS) + "/console/";
        assertTrue(text.contains("\nWeb console: " + console + " (nodes, leaders, shard map"), text);
        assertTrue(text.contains("\n  web console: " + console + "\n"), text);
        assertTrue(text.endsWith("Demo stopped.\n"), text);
        for (String node : new String[] {"ctrler-1", "g1-1", "g2-3", "g3-2"}) {
            assertTrue(Files.isDirectory(dir.resolve(node).resolve("store")), "LevelDB data of " + node);
        }
    }

    @Test
    void aDirectoryWithSomeoneElsesFilesIsRefusedAndLeftAlone(@TempDir Path dir) throws IOException {
        Path precious = Files.writeString(dir.resolve("thesis.tex"), "do not delete");
        CliRun r = demo("--dir", dir.toString(), "--base-port", "7101");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("eraft: " + dir.toAbsolutePath() + " is not empty and holds no earlier run's "
                + "data"), r.err());
        assertTrue(r.err().contains("give it a new or empty one (--dir)"), r.err());
        assertEquals("do not delete", Files.readString(precious));
    }
}

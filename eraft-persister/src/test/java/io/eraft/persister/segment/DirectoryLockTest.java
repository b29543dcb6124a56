package io.eraft.persister.segment;

import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.LogStoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A log directory is used by one store in one process at a time. */
class DirectoryLockTest {
    @TempDir
    Path tmp;

    @Test
    void directoryLockedByAnotherProcessIsRefusedNamingThatProcess() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("log"));
        Path source = tmp.resolve("HoldLock.java");
        try (InputStream in = DirectoryLockTest.class.getResourceAsStream("HoldLock.java")) {
            Files.copy(in, source);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), source.toString(), dir.resolve(DirectoryLock.NAME).toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String output = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> outputUntilLocked(out));
            assertTrue(output.endsWith("locked"), "the helper process did not take the lock: " + output);
            LogStoreException e = assertThrows(LogStoreException.class,
                    () -> LogStoreProvider.byName("segmented").open(dir, Map.of()));
            assertTrue(e.getMessage().contains("locked by another process"), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        try (LogStore log = LogStoreProvider.byName("segmented").open(dir, Map.of())) {
            assertEquals(0, log.lastIndex(), "the directory opens once the other process let go");
        }
    }

    /**
     * The helper's output up to and including its "locked" line, or up to its end if it never locked. The JVM may
     * print warnings before it (a loaded machine, JAVA_TOOL_OPTIONS).
     */
    private static String outputUntilLocked(BufferedReader out) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line);
            if (line.equals("locked")) {
                break;
            }
            seen.append('\n');
        }
        return seen.toString();
    }

    @Test
    void closeReleasesTheDirectoryWhileAnotherSpellingOfAnOpenOneIsRefused() throws IOException {
        Path dir = tmp.resolve("log");
        LogStoreProvider.byName("segmented").open(dir, Map.of()).close();
        try (LogStore log = LogStoreProvider.byName("segmented").open(dir, Map.of())) {
            assertEquals(0, log.lastIndex());
            LogStoreException e = assertThrows(LogStoreException.class,
                    () -> LogStoreProvider.byName("segmented").open(dir.resolve("..").resolve("log"), Map.of()));
            assertTrue(e.getMessage().contains("already open in this process"), e.getMessage());
        }
    }
}

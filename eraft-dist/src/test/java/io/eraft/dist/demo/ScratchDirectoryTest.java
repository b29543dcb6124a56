package io.eraft.dist.demo;

import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.ServerStartException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScratchDirectoryTest {
    @Test
    void theNextClaimRemovesWhatTheEarlierRunLeft(@TempDir Path parent) throws IOException {
        Path dir = parent.resolve("work");
        try (ScratchDirectory first = ScratchDirectory.claim(dir, "eraft test", "--dir")) {
            assertFalse(first.emptied());
            Files.createDirectories(first.path().resolve("g1-1/store"));
            Files.writeString(first.path().resolve("g1-1/store/data"), "old");
        }
        try (ScratchDirectory second = ScratchDirectory.claim(dir, "eraft test", "--dir")) {
            assertTrue(second.emptied());
            assertFalse(Files.exists(dir.resolve("g1-1")), "the earlier run's node directory is gone");
        }
    }

    @Test
    void aDirectoryInUseByAnotherRunIsRefused(@TempDir Path dir) {
        try (ScratchDirectory held = ScratchDirectory.claim(dir, "eraft test", "--dir")) {
            ServerStartException e = assertThrows(ServerStartException.class,
                    () -> ScratchDirectory.claim(dir, "eraft demo", "--dir"));
            assertTrue(e.getMessage().startsWith(held.path() + " is in use by another run"), e.getMessage());
            assertTrue(e.getMessage().endsWith("stop it, or give eraft demo another directory (--dir)"),
                    e.getMessage());
        }
    }

    @Test
    void aDirectoryWithFilesNoRunLeftIsRefusedAndKept(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ScratchDirectory.claim(dir, "eraft bench-shard", "--dir"));
        assertTrue(e.getMessage().contains("e.g. notes.txt"), e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
        Files.delete(dir.resolve("notes.txt"));
        try (ScratchDirectory again = ScratchDirectory.claim(dir, "eraft test", "--dir")) {
            assertFalse(again.emptied(), "the refused claim released its lock; nothing was left to remove");
        }
    }
}

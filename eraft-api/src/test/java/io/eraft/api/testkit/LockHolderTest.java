package io.eraft.api.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockHolderTest {

    @Test
    void anotherProcessHoldsTheLockUntilClosed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("some.lock");
        LockHolder holder = LockHolder.lock(file, dir);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            assertTrue(holder.isAlive());
            assertNull(channel.tryLock(), "the other process holds the lock");
            holder.close();
            assertFalse(holder.isAlive());
            try (FileLock lock = channel.tryLock()) {
                assertNotNull(lock, "the lock was released when the holder closed");
            }
        } finally {
            holder.close();
        }
    }
}

package io.eraft.persister.segment;

import io.eraft.api.log.LogStoreException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive use of a log directory: a process-wide set of open directories, plus an OS lock on its {@code LOCK}
 * file (which holds the owner's pid, for the message another process gets).
 */
final class DirectoryLock implements AutoCloseable {
    static final String NAME = "LOCK";
    private static final Set<Path> OPEN_HERE = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory}, which exists.
     *
     * @throws LogStoreException if this process or another one has it open
     */
    static DirectoryLock acquire(Path directory) {
        Path key;
        try {
            key = directory.toRealPath();
        } catch (IOException e) {
            throw new LogStoreException("cannot resolve log directory " + directory + ": " + e, e);
        }
        if (!OPEN_HERE.add(key)) {
            throw new LogStoreException("log directory " + directory + " is already open in this process; close that "
                    + "log store first");
        }
        FileChannel ch = null;
        try {
            Path file = key.resolve(NAME);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new LogStoreException("log directory " + directory + " is already open in this process; close "
                        + "that log store first");
            }
            if (lock == null) {
                throw new LogStoreException("log directory " + directory + " is locked by another process"
                        + owner(file) + "; only one process may open a log at a time");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            return new DirectoryLock(key, ch, lock);
        } catch (IOException | RuntimeException e) {
            OPEN_HERE.remove(key);
            closeQuietly(ch);
            if (e instanceof LogStoreException l) {
                throw l;
            }
            throw new LogStoreException("cannot lock log directory " + directory + ": " + e, e);
        }
    }

    private static String owner(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.UTF_8).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel is closed next, which releases the lock anyway
        } finally {
            closeQuietly(channel);
            OPEN_HERE.remove(key);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}

package io.eraft.store.leveldb;

import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreLockedException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive ownership of a store directory: an in-process registry (a second store instance in this JVM must not
 * even open the lock file, since closing any channel on a file drops every lock the process holds on it) plus an
 * OS file lock on {@code eraft-<provider>.lock} against other processes.
 */
final class DirectoryLock implements AutoCloseable {
    private static final Set<Path> OPEN_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory} (an existing, real path).
     *
     * @throws StoreLockedException when another store instance holds it, in this process or another
     * @throws StoreException when the lock file cannot be created (e.g. the directory is not writable)
     */
    static DirectoryLock acquire(String provider, Path directory) {
        if (!OPEN_IN_THIS_PROCESS.add(directory)) {
            throw new StoreLockedException(provider + " store " + directory
                    + " is already open in another store instance of this process; close that one first");
        }
        Path file = directory.resolve("eraft-" + provider + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StoreLockedException(provider + " store " + directory
                        + " is open in another process (it holds the lock on " + file + ")");
            }
            return new DirectoryLock(directory, channel, lock);
        } catch (IOException e) {
            closeAndForget(directory, channel);
            throw new StoreException(provider + " store " + directory + ": cannot create or lock " + file
                    + " (is the directory writable?): " + e, e);
        } catch (OverlappingFileLockException e) {
            // Another class loader's copy of this class holds it; keep its channel open, so do not close ours.
            OPEN_IN_THIS_PROCESS.remove(directory);
            throw new StoreLockedException(provider + " store " + directory
                    + " is already locked by this process", e);
        } catch (RuntimeException e) {
            closeAndForget(directory, channel);
            throw e;
        }
    }

    private static void closeAndForget(Path directory, FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing more to release
        } finally {
            OPEN_IN_THIS_PROCESS.remove(directory);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        } finally {
            closeAndForget(directory, channel);
        }
    }
}

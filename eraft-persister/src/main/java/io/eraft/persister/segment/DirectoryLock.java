package io.eraft.persister.segment;

import io.eraft.api.log.LogStoreException;
import io.eraft.api.spi.support.DirectoryLockedException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Exclusive use of a log directory: the shared {@link io.eraft.api.spi.support.DirectoryLock} on its {@value #NAME}
 * file (which holds the owner's pid, for the message another process gets), with the failures told as
 * {@link LogStoreException}s.
 */
final class DirectoryLock implements AutoCloseable {
    static final String NAME = "LOCK";

    private final io.eraft.api.spi.support.DirectoryLock lock;

    private DirectoryLock(io.eraft.api.spi.support.DirectoryLock lock) {
        this.lock = lock;
    }

    /**
     * Locks {@code directory}, which exists.
     *
     * @throws LogStoreException if this process or another one has it open, or it cannot be locked
     */
    static DirectoryLock acquire(Path directory) {
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException e) {
            throw new LogStoreException("cannot resolve log directory " + directory + ": " + e, e);
        }
        try {
            return new DirectoryLock(io.eraft.api.spi.support.DirectoryLock.acquire(real, NAME));
        } catch (DirectoryLockedException e) {
            throw switch (e.holder()) {
                case OPEN_IN_THIS_PROCESS, LOCKED_BY_THIS_PROCESS -> new LogStoreException("log directory "
                        + directory + " is already open in this process; close that log store first");
                case LOCKED_BY_ANOTHER_PROCESS -> new LogStoreException("log directory " + directory
                        + " is locked by another process" + owner(e) + "; only one process may open a log at a time");
            };
        } catch (IOException | RuntimeException e) {
            throw new LogStoreException("cannot lock log directory " + directory + ": " + e, e);
        }
    }

    private static String owner(DirectoryLockedException e) {
        return e.ownerPid().isPresent() ? " (pid " + e.ownerPid().getAsLong() + ")" : "";
    }

    @Override
    public void close() {
        lock.close();
    }
}

package io.eraft.api.spi.support;

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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exclusive use of a directory, through an OS lock on one file in it, plus a registry of the lock files this
 * process holds. The registry is checked first, so a second user in this JVM never even opens the lock file:
 * closing any channel on a file drops every lock the process holds on it. The holder's pid is written into the lock
 * file, for the message another process gets.
 *
 * <p>Thread-safe; {@link #close()} releases once, later calls do nothing.
 */
public final class DirectoryLock implements AutoCloseable {
    private static final Set<Path> HELD_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean released = new AtomicBoolean();

    private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory} (which exists) through the file {@code fileName} in it, creating that file if needed.
     * Two spellings of one directory (links, {@code ..}) are the same lock: the registry holds real paths.
     *
     * @param directory an existing directory
     * @param fileName  the lock file's name, a plain file name such as {@code LOCK}
     * @throws DirectoryLockedException when this process or another one holds the lock
     * @throws IOException              when the directory cannot be resolved or the lock file cannot be created,
     *                                  locked or written (e.g. the directory is not writable)
     */
    public static DirectoryLock acquire(Path directory, String fileName) throws DirectoryLockedException, IOException {
        Path file = directory.toRealPath().resolve(fileName);
        if (!HELD_IN_THIS_PROCESS.add(file)) {
            throw new DirectoryLockedException(DirectoryLockedException.Holder.OPEN_IN_THIS_PROCESS, file, 0, null);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                long owner = ownerPid(file);
                closeAndForget(file, channel);
                throw new DirectoryLockedException(DirectoryLockedException.Holder.LOCKED_BY_ANOTHER_PROCESS, file,
                        owner, null);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new DirectoryLock(file, channel, lock);
        } catch (OverlappingFileLockException e) {
            // Another channel of this process holds it; closing ours would drop that lock too, so keep ours open.
            HELD_IN_THIS_PROCESS.remove(file);
            throw new DirectoryLockedException(DirectoryLockedException.Holder.LOCKED_BY_THIS_PROCESS, file, 0, e);
        } catch (IOException | RuntimeException e) {
            closeAndForget(file, channel);
            throw e;
        }
    }

    /** The pid written in {@code file} by its holder, or 0 when it names none (or names this very process). */
    private static long ownerPid(Path file) {
        try {
            long pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
            return pid > 0 && pid != ProcessHandle.current().pid() ? pid : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static void closeAndForget(Path file, FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing more to release
        } finally {
            HELD_IN_THIS_PROCESS.remove(file);
        }
    }

    /** The lock file, as a real path. */
    public Path file() {
        return file;
    }

    /** Releases the lock and closes the lock file; the file itself stays. */
    @Override
    public void close() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        } finally {
            closeAndForget(file, channel);
        }
    }
}

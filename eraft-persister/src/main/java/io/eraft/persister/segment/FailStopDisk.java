package io.eraft.persister.segment;

import io.eraft.api.log.LogNoSpaceException;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.metrics.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link Disk} that stops for good at the first failed fsync. After an fsync fails, the kernel may already have
 * dropped the dirty pages it could not write and marked them clean, so a retry can report success for data that is
 * not on disk (PostgreSQL's "fsyncgate", 2018). So the failure is never retried: it poisons this disk, and every
 * later write, truncation, fsync, deletion or rename throws the same {@link LogStoreException}, which names the
 * original failure. Reads still work.
 *
 * <p>A write, fsync or rename that fails because the file system is full (or over a quota) fails with
 * {@link LogNoSpaceException}. Thread-safe.
 *
 * <p>Every fsync of the store passes through here (segments, hard state, meta file, directory), so this is where
 * their durations are timed ({@link #timeFsyncsIn}).
 */
final class FailStopDisk implements Disk {
    private final Disk disk;
    private volatile LogStoreException poison;
    private volatile Histogram fsyncSeconds = Histogram.NOOP;

    FailStopDisk(Disk disk) {
        this.disk = disk;
    }

    /** From now on, records the duration of every fsync (a file's or a directory's, failed or not) in {@code h}. */
    void timeFsyncsIn(Histogram h) {
        fsyncSeconds = h;
    }

    /** The failed fsync that stopped this disk, or null. */
    LogStoreException poison() {
        return poison;
    }

    @Override
    public DiskFile open(Path file, Mode mode) throws IOException {
        if (mode == Mode.READ) {
            return disk.open(file, mode);
        }
        checkUsable();
        try {
            return new Guarded(disk.open(file, mode));
        } catch (IOException e) {
            refuseIfNoSpace("opening " + file + " for writing", e);
            throw e;
        }
    }

    @Override
    public List<Path> list(Path directory, String glob) throws IOException {
        return disk.list(directory, glob);
    }

    @Override
    public boolean exists(Path file) {
        return disk.exists(file);
    }

    @Override
    public void delete(Path file) throws IOException {
        checkUsable();
        disk.delete(file);
    }

    @Override
    public void replace(Path source, Path target) throws IOException {
        checkUsable();
        try {
            disk.replace(source, target);
        } catch (IOException e) {
            refuseIfNoSpace("renaming " + source + " to " + target, e);
            throw e;
        }
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        checkUsable();
        long start = System.nanoTime();
        try {
            disk.syncDirectory(directory);
        } catch (IOException e) {
            throw poisonedBy("directory " + directory, e);
        } finally {
            fsyncSeconds.observeNanos(System.nanoTime() - start);
        }
    }

    private void checkUsable() {
        LogStoreException p = poison;
        if (p != null) {
            throw p;
        }
    }

    private synchronized LogStoreException poisonedBy(String what, IOException e) {
        if (poison == null) {
            String message = "fsync of " + what + " failed (" + e + "), so the log store takes no more writes and "
                    + "does not retry the fsync: after a failed fsync the unwritten data may be gone although a retry "
                    + "would succeed; stop the member and reopen the log, which keeps what earlier fsyncs made durable";
            poison = NoSpace.is(e) ? new LogNoSpaceException(message, e) : new LogStoreException(message, e);
        }
        return poison;
    }

    /** @throws LogNoSpaceException if {@code e} says the file system is full */
    private static void refuseIfNoSpace(String what, IOException e) {
        if (NoSpace.is(e)) {
            throw new LogNoSpaceException("no space left for the log: " + what + " failed (" + e + "); the log store "
                    + "takes no more writes; free space on the device and restart the member", e);
        }
    }

    /** A file whose writes and fsyncs go through the poison check. */
    private final class Guarded implements DiskFile {
        private final DiskFile file;

        Guarded(DiskFile file) {
            this.file = file;
        }

        @Override
        public Path path() {
            return file.path();
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            checkUsable();
            try {
                return file.write(src, position);
            } catch (IOException e) {
                refuseIfNoSpace("writing " + file.path() + " at offset " + position, e);
                throw e;
            }
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            checkUsable();
            try {
                file.truncate(size);
            } catch (IOException e) {
                refuseIfNoSpace("truncating " + file.path() + " to " + size + " bytes", e);
                throw e;
            }
        }

        @Override
        public void force(boolean metadata) throws IOException {
            checkUsable();
            long start = System.nanoTime();
            try {
                file.force(metadata);
            } catch (IOException e) {
                throw poisonedBy(file.path().toString(), e);
            } finally {
                fsyncSeconds.observeNanos(System.nanoTime() - start);
            }
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}

package io.eraft.persister.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local disk with failures a test switches on: every fsync (of a file or a directory) failing, every write
 * putting half its bytes on disk and then failing (as a full file system does), or a crash after a number of changes
 * (every change from then on fails, as if the process had died). Counts the fsyncs it lets through to the real disk
 * or fails, so tests can tell that a failed fsync was not retried.
 */
final class FaultyDisk implements Disk {
    private final Disk disk = Disk.local();
    private final AtomicInteger fsyncs = new AtomicInteger();
    private volatile IOException fsyncFailure;
    private volatile IOException writeFailure;
    private final AtomicInteger changesLeft = new AtomicInteger(Integer.MAX_VALUE);

    /** From now on every fsync fails with {@code failure} (null: fsyncs work again). */
    void failFsyncs(IOException failure) {
        fsyncFailure = failure;
    }

    /** From now on every write puts half its bytes on disk, then fails with {@code failure}. */
    void failWrites(IOException failure) {
        writeFailure = failure;
    }

    /**
     * Lets {@code changes} more changes (opening for writing, writing, truncating, fsyncing, deleting, renaming)
     * through, then fails every later one.
     */
    void crashAfter(int changes) {
        changesLeft.set(changes);
    }

    /** Whether a change was refused by {@link #crashAfter}. */
    boolean crashed() {
        return changesLeft.get() < 0;
    }

    private void change() throws IOException {
        if (changesLeft.getAndDecrement() <= 0) {
            changesLeft.set(-1);
            throw new IOException("simulated crash");
        }
    }

    /** Fsyncs attempted so far, failed ones included. */
    int fsyncs() {
        return fsyncs.get();
    }

    @Override
    public DiskFile open(Path file, Mode mode) throws IOException {
        if (mode != Mode.READ) {
            change();
        }
        return new Faulty(disk.open(file, mode));
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
        change();
        disk.delete(file);
    }

    @Override
    public void replace(Path source, Path target) throws IOException {
        change();
        disk.replace(source, target);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        fsync();
        disk.syncDirectory(directory);
    }

    private void fsync() throws IOException {
        change();
        fsyncs.incrementAndGet();
        IOException failure = fsyncFailure;
        if (failure != null) {
            throw failure;
        }
    }

    private final class Faulty implements DiskFile {
        private final DiskFile file;

        Faulty(DiskFile file) {
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
            change();
            IOException failure = writeFailure;
            if (failure != null) {
                ByteBuffer half = src.duplicate();
                half.limit(half.position() + half.remaining() / 2);
                file.writeFully(half, position);
                throw failure;
            }
            return file.write(src, position);
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            change();
            file.truncate(size);
        }

        @Override
        public void force(boolean metadata) throws IOException {
            fsync();
            file.force(metadata);
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

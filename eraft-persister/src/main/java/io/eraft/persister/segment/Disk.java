package io.eraft.persister.segment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file operations of a segmented log, in one place: the seam where tests put a disk that fails. {@link #local()}
 * is the real file system; the store wraps whichever disk it is given in a {@link FailStopDisk}.
 */
interface Disk {

    /** How {@link #open} opens a file. */
    enum Mode {
        /** An existing file, read-only. */
        READ,
        /** An existing file, for reading and writing. */
        WRITE,
        /** For reading and writing, created empty if missing. */
        CREATE,
        /** A new file for reading and writing; fails if it exists. */
        CREATE_NEW
    }

    DiskFile open(Path file, Mode mode) throws IOException;

    /** The files of {@code directory} whose names match {@code glob}, sorted. */
    List<Path> list(Path directory, String glob) throws IOException;

    boolean exists(Path file);

    /** Deletes {@code file} if it exists. */
    void delete(Path file) throws IOException;

    /** Renames {@code source} over {@code target} atomically (durable once the directory is synced). */
    void replace(Path source, Path target) throws IOException;

    /** Makes the creations, renames and deletions in {@code directory} durable. */
    void syncDirectory(Path directory) throws IOException;

    /** The whole content of {@code file}. */
    default byte[] readAll(Path file) throws IOException {
        try (DiskFile f = open(file, Mode.READ)) {
            long size = f.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException(file + " is too large to read at once: " + size + " bytes");
            }
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) size);
            f.readFully(buf, 0);
            return buf.array();
        }
    }

    /** The local file system. */
    static Disk local() {
        return LocalDisk.INSTANCE;
    }
}

package io.eraft.persister.segment;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** An open file of a {@link Disk}: positional reads and writes, size, truncation and fsync. */
interface DiskFile extends Closeable {

    Path path();

    /** Reads into {@code dst} from {@code position}; -1 at the end of the file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes from {@code src} at {@code position}; returns the bytes written. */
    int write(ByteBuffer src, long position) throws IOException;

    long size() throws IOException;

    void truncate(long size) throws IOException;

    /**
     * Makes what was written durable (fsync).
     *
     * @param metadata also the file's metadata beyond what reading the data back needs (fsync rather than fdatasync)
     */
    void force(boolean metadata) throws IOException;

    boolean isOpen();

    /** Writes all of {@code src} at {@code position}. */
    default void writeFully(ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += write(src, at);
        }
    }

    /**
     * Fills {@code dst} from {@code position}.
     *
     * @throws EOFException if the file ends first
     */
    default void readFully(ByteBuffer dst, long position) throws IOException {
        while (dst.hasRemaining()) {
            int n = read(dst, position + dst.position());
            if (n < 0) {
                throw new EOFException(path() + " ends at offset " + (position + dst.position()) + ", before "
                        + dst.remaining() + " more bytes could be read");
            }
        }
    }
}

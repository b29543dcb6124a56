package io.eraft.persister.segment;

import io.eraft.api.log.LogStoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segment files of one log directory ({@code 00000000000000000001.seg}, ...; ids only grow) and their open
 * files on its {@link Disk}. The writer thread writes through one file per segment; readers use separate read-only
 * files, so a reader being interrupted (which closes the channel it was using) never breaks the writer, and the read
 * file is simply reopened by the next reader.
 */
final class SegmentFiles implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.seg");

    private final Path directory;
    private final Disk disk;
    private final Map<Long, DiskFile> writeChannels = new ConcurrentHashMap<>();
    private final Map<Long, DiskFile> readChannels = new ConcurrentHashMap<>();

    SegmentFiles(Path directory, Disk disk) {
        this.directory = directory;
        this.disk = disk;
    }

    Path directory() {
        return directory;
    }

    Disk disk() {
        return disk;
    }

    Path path(long segment) {
        return directory.resolve(String.format("%020d.seg", segment));
    }

    /** The ids of the segment files in the directory, in order. */
    List<Long> list() throws IOException {
        List<Long> ids = new ArrayList<>();
        for (Path file : disk.list(directory, "*.seg")) {
            Matcher m = NAME.matcher(file.getFileName().toString());
            if (m.matches()) {
                ids.add(Long.parseLong(m.group(1)));
            }
        }
        ids.sort(null);
        return ids;
    }

    /** Opens an existing segment for writing. */
    DiskFile open(long segment) throws IOException {
        DiskFile ch = disk.open(path(segment), Disk.Mode.WRITE);
        writeChannels.put(segment, ch);
        return ch;
    }

    /** Opens an existing segment for reading only (not kept open here). */
    DiskFile openForReading(long segment) throws IOException {
        return disk.open(path(segment), Disk.Mode.READ);
    }

    /** Creates a new, empty segment file. */
    DiskFile create(long segment) throws IOException {
        DiskFile ch = disk.open(path(segment), Disk.Mode.CREATE_NEW);
        writeChannels.put(segment, ch);
        return ch;
    }

    /** The writer's file of an open segment. */
    DiskFile channel(long segment) {
        DiskFile ch = writeChannels.get(segment);
        if (ch == null) {
            throw new IllegalStateException("segment " + path(segment) + " is not open");
        }
        return ch;
    }

    /** Ids of the open segments above {@code segment}. */
    List<Long> openAbove(long segment) {
        return writeChannels.keySet().stream().filter(id -> id > segment).sorted().toList();
    }

    /** Ids of the open segments below {@code segment}. */
    List<Long> openBelow(long segment) {
        return writeChannels.keySet().stream().filter(id -> id < segment).sorted().toList();
    }

    /** Closes and deletes a segment. */
    void delete(long segment) throws IOException {
        closeQuietly(readChannels.remove(segment));
        DiskFile ch = writeChannels.remove(segment);
        if (ch != null) {
            ch.close();
        }
        disk.delete(path(segment));
    }

    /** Makes creations and deletions of segment files durable. */
    void syncDirectory() throws IOException {
        disk.syncDirectory(directory);
    }

    /**
     * Reads {@code length} bytes at {@code offset} of {@code segment}, which the writer has already written.
     *
     * @throws LogStoreException if the read fails or the file is shorter than expected
     */
    ByteBuffer read(long segment, long offset, int length) {
        ByteBuffer buf = ByteBuffer.allocate(length);
        try {
            DiskFile ch = readChannel(segment);
            while (buf.hasRemaining()) {
                int n = ch.read(buf, offset + buf.position());
                if (n < 0) {
                    throw new LogStoreException("segment file " + path(segment) + " ends before offset "
                            + (offset + length) + ", where a record should end");
                }
            }
        } catch (ClosedByInterruptException e) {
            readChannels.remove(segment);
            throw new LogStoreException("read of segment file " + path(segment) + " was interrupted", e);
        } catch (IOException e) {
            throw new LogStoreException("cannot read segment file " + path(segment) + " at offset " + offset + ": "
                    + e, e);
        }
        buf.flip();
        return buf;
    }

    private DiskFile readChannel(long segment) throws IOException {
        DiskFile ch = readChannels.get(segment);
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        try {
            return readChannels.compute(segment, (id, old) -> {
                if (old != null && old.isOpen()) {
                    return old;
                }
                try {
                    return disk.open(path(id), Disk.Mode.READ);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        readChannels.values().forEach(SegmentFiles::closeQuietly);
        writeChannels.values().forEach(SegmentFiles::closeQuietly);
        readChannels.clear();
        writeChannels.clear();
    }

    private static void closeQuietly(DiskFile ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing a channel we no longer use: nothing to recover
            }
        }
    }
}

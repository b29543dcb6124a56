package io.eraft.persister.segment;

import io.eraft.api.log.SnapshotMeta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The small {@code META} file: the snapshot the log starts after and the first segment that belongs to the log.
 * It is replaced atomically (write {@code META.tmp}, fsync, rename, fsync the directory), which makes it the commit
 * point of compaction and reset. Layout: int magic, int version, long snapshot index, long snapshot term, long first
 * segment, int CRC32C of the preceding 32 bytes.
 *
 * @param snapshot     where the log starts
 * @param firstSegment segments below this id are leftovers of a compaction or reset and are deleted on open
 */
record MetaFile(SnapshotMeta snapshot, long firstSegment) {
    static final String NAME = "META";
    private static final String TEMP = "META.tmp";
    private static final int MAGIC = 0x45524d54; // "ERMT"
    private static final int VERSION = 1;
    private static final int SIZE = 36;

    /**
     * Reads the meta file of {@code directory}, if there is one (a half-written temp file is ignored: the rename
     * that would have committed it never happened).
     *
     * @throws IllegalArgumentException          saying what is wrong, if the file is damaged
     * @throws RecordFormat.NewerFormatException if a newer version wrote it
     */
    static Optional<MetaFile> read(Disk disk, Path directory) throws IOException {
        Path file = directory.resolve(NAME);
        if (!disk.exists(file)) {
            return Optional.empty();
        }
        byte[] bytes = disk.readAll(file);
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException(bytes.length + " bytes, expected " + SIZE);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (buf.getInt(SIZE - 4) != crc(bytes)) {
            throw new IllegalArgumentException("CRC32C mismatch");
        }
        int magic = buf.getInt();
        int version = buf.getInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException(String.format("magic %08x, expected %08x", magic, MAGIC));
        }
        if (version != VERSION) {
            throw new RecordFormat.NewerFormatException("meta file format version " + version + " is not the version "
                    + "this eRaft reads (" + VERSION + ")");
        }
        long index = buf.getLong();
        long term = buf.getLong();
        long firstSegment = buf.getLong();
        if (index < 0 || term < 0 || firstSegment < 1) {
            throw new IllegalArgumentException("impossible values: snapshot " + index + "@" + term + ", first segment "
                    + firstSegment);
        }
        return Optional.of(new MetaFile(new SnapshotMeta(index, term), firstSegment));
    }

    /** Deletes a temp file a crash left behind while it was being written. */
    static void deleteTemp(Disk disk, Path directory) throws IOException {
        disk.delete(directory.resolve(TEMP));
    }

    /** Replaces the meta file of {@code directory} with this one; durable when {@code fsync}. */
    void write(Disk disk, Path directory, boolean fsync) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SIZE);
        buf.putInt(MAGIC).putInt(VERSION).putLong(snapshot.index()).putLong(snapshot.term()).putLong(firstSegment);
        buf.putInt(crc(buf.array()));
        buf.flip();
        Path temp = directory.resolve(TEMP);
        try (DiskFile ch = disk.open(temp, Disk.Mode.CREATE)) {
            ch.truncate(0);
            ch.writeFully(buf, 0);
            if (fsync) {
                ch.force(true);
            }
        }
        disk.replace(temp, directory.resolve(NAME));
        if (fsync) {
            disk.syncDirectory(directory);
        }
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SIZE - 4);
        return (int) crc.getValue();
    }
}

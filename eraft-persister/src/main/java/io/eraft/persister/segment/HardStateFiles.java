package io.eraft.persister.segment;

import io.eraft.api.log.HardState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hard state of a segmented log in two files, {@value #A} and {@value #B} (see {@link HardStateCodec}), each with
 * a sequence number. A save overwrites the copy that does not hold the newest state, with the next sequence number,
 * and fsyncs it, so a crash in the middle of a save (a torn copy) always leaves the other, intact copy: reading takes
 * the intact copy with the highest sequence number. Only the writer thread (or, before the store runs, its opener)
 * uses an instance.
 */
final class HardStateFiles {
    static final String A = "HARDSTATE-A";
    static final String B = "HARDSTATE-B";

    /**
     * What one copy holds.
     *
     * @param saved   its content, or null if it is missing or damaged
     * @param problem why it cannot be used (missing, or what is damaged), or null
     * @param missing whether the file does not exist
     */
    record Copy(Path file, HardStateCodec.Saved saved, String problem, boolean missing) {
        boolean intact() {
            return saved != null;
        }
    }

    /** Both copies as read. */
    record Copies(Copy a, Copy b) {
        /** The intact copy with the highest sequence number, or null if neither is intact. */
        Copy newest() {
            if (a.intact() && (!b.intact() || a.saved().seq() >= b.saved().seq())) {
                return a;
            }
            return b.intact() ? b : null;
        }

        /** The copies that are missing or damaged. */
        List<Copy> unusable() {
            List<Copy> out = new ArrayList<>();
            for (Copy c : List.of(a, b)) {
                if (!c.intact()) {
                    out.add(c);
                }
            }
            return out;
        }

        boolean bothMissing() {
            return a.missing() && b.missing();
        }

        /** "HARDSTATE-A (CRC32C mismatch) and HARDSTATE-B (missing)" with full paths. */
        String describe() {
            return describe(a) + " and " + describe(b);
        }

        private static String describe(Copy c) {
            return c.file() + " (" + (c.intact() ? "intact, sequence " + c.saved().seq() : c.problem()) + ")";
        }
    }

    private final Disk disk;
    private final Path directory;
    private final boolean fsync;
    private Path newest;
    private long seq;

    /**
     * @param copies what {@link #read} found, to continue from (a save then overwrites the copy not holding the
     *               newest intact state)
     */
    HardStateFiles(Disk disk, Path directory, boolean fsync, Copies copies) {
        this.disk = disk;
        this.directory = directory;
        this.fsync = fsync;
        Copy n = copies.newest();
        this.newest = n == null ? null : n.file();
        this.seq = n == null ? 0 : n.saved().seq();
    }

    /**
     * Reads both copies in {@code directory}.
     *
     * @throws IOException                       if a copy exists but cannot be read
     * @throws RecordFormat.NewerFormatException if a newer version wrote a copy
     */
    static Copies read(Disk disk, Path directory) throws IOException {
        return new Copies(readCopy(disk, directory.resolve(A)), readCopy(disk, directory.resolve(B)));
    }

    private static Copy readCopy(Disk disk, Path file) throws IOException {
        if (!disk.exists(file)) {
            return new Copy(file, null, "missing", true);
        }
        try {
            return new Copy(file, HardStateCodec.decode(disk.readAll(file)), null, false);
        } catch (RecordFormat.NewerFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            return new Copy(file, null, e.getMessage(), false);
        }
    }

    /** Durably saves {@code state} into the copy that does not hold the newest state (when fsync is on). */
    void save(HardState state) throws IOException {
        Path target = directory.resolve(A).equals(newest) ? directory.resolve(B) : directory.resolve(A);
        write(target, state);
    }

    /** Writes {@code state} into both copies, one after the other (each durable before the next is touched). */
    void saveBoth(HardState state) throws IOException {
        save(state);
        save(state);
    }

    private void write(Path target, HardState state) throws IOException {
        boolean created = !disk.exists(target);
        byte[] bytes = HardStateCodec.encode(seq + 1, state);
        try (DiskFile file = disk.open(target, Disk.Mode.CREATE)) {
            file.writeFully(ByteBuffer.wrap(bytes), 0);
            file.truncate(bytes.length);
            if (fsync) {
                file.force(false);
            }
        }
        if (created && fsync) {
            disk.syncDirectory(directory);
        }
        seq++;
        newest = target;
    }
}

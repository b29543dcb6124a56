package io.eraft.dist.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The physical floor of a durable write on this machine: how long an fdatasync of a 4 KiB append takes in a
 * directory, as a Raft log's fsync does. A benchmark prints it beside its figures, so a write latency reads as a
 * multiple of what the disk allows (a replicated write needs at least one such fsync on the leader and one on a
 * follower).
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param directory   where the probe wrote (its file is deleted)
 * @param samples     fdatasyncs timed
 * @param p50Micros   their median
 * @param p99Micros   their 99th percentile
 */
public record DiskFloor(Path directory, int samples, double p50Micros, double p99Micros) {
    /** The bytes appended before each fdatasync. */
    public static final int APPEND_BYTES = 4096;

    /**
     * Appends {@value #APPEND_BYTES} bytes and fdatasyncs ({@code FileChannel.force(false)}) {@code samples} times
     * in a new file in {@code directory}, then deletes the file.
     *
     * @throws UncheckedIOException when the directory cannot be written, naming it
     */
    public static DiskFloor measure(Path directory, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, was " + samples);
        }
        Path file = null;
        try {
            file = Files.createTempFile(directory, "eraft-disk-floor-", ".probe");
            byte[] block = new byte[APPEND_BYTES];
            new SplittableRandom(1).nextBytes(block);
            long[] nanos = new long[samples];
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                for (int i = 0; i < samples; i++) {
                    ch.write(ByteBuffer.wrap(block));
                    long start = System.nanoTime();
                    ch.force(false);
                    nanos[i] = System.nanoTime() - start;
                }
            }
            Arrays.sort(nanos);
            return new DiskFloor(directory, samples, percentile(nanos, 50) / 1000.0,
                    percentile(nanos, 99) / 1000.0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure the disk floor in " + directory.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover probe file is harmless
                }
            }
        }
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** {@code micros} as a multiple of the floor's median (what a latency costs in fsyncs). */
    public double multipleOfP50(double micros) {
        return p50Micros <= 0 ? 0 : micros / p50Micros;
    }
}

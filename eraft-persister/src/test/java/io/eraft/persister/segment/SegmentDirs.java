package io.eraft.persister.segment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** File-level helpers for tests that damage or inspect a segmented log's directory. */
final class SegmentDirs {
    private SegmentDirs() {
    }

    static List<Path> segments(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.seg")) {
            files.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    static Path lastSegment(Path dir) throws IOException {
        List<Path> all = segments(dir);
        return all.get(all.size() - 1);
    }

    /** Copies every file of {@code from} into a new directory {@code to}. */
    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from)) {
            for (Path f : files) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** Where the record of the entry whose data is {@code data} starts in {@code file}. */
    static long recordOffset(Path file, String data) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = data.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (bytes[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i - (RecordFormat.ENTRY_OVERHEAD);
        }
        throw new AssertionError("no entry with data " + data + " in " + file);
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x5a;
        Files.write(file, bytes);
    }

    static void zero(Path file, long offset, int length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int k = 0; k < length; k++) {
            bytes[(int) offset + k] = 0;
        }
        Files.write(file, bytes);
    }

    static void truncate(Path file, long size) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }
}

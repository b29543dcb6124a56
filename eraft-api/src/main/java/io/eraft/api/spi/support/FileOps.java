package io.eraft.api.spi.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/** Crash-safe small-file writes and recursive directory helpers. */
public final class FileOps {
    private FileOps() {
    }

    /**
     * Replaces {@code target} with {@code content} atomically and durably: {@link #replaceAtomically}, then fsync
     * the directory. After a crash the target holds the old or the new content.
     *
     * @throws IOException when the temporary file cannot be written or renamed, or the directory cannot be synced
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        replaceAtomically(target, content);
        fsyncDirectory(target.getParent());
    }

    /**
     * Writes a temporary sibling ({@code <name>.tmp}), fsyncs it and renames it over {@code target}. When this
     * throws, the target is unchanged; when it returns, the rename is durable only after the directory has been
     * fsynced.
     *
     * @throws IOException when the temporary file cannot be written, synced or renamed
     */
    public static void replaceAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Makes the entries of {@code dir} (creations, renames, deletions) durable.
     *
     * @throws IOException when the directory cannot be opened or synced
     */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Deletes {@code root} and everything below it; does nothing when it does not exist.
     *
     * @throws IOException when a file or directory cannot be deleted
     */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Bytes in the regular files under {@code root}; files that vanish while walking count as 0.
     *
     * @throws IOException when {@code root} or a file below it cannot be read (other than by vanishing)
     */
    public static long sizeOf(Path root) throws IOException {
        AtomicLong total = new AtomicLong();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total.addAndGet(attrs.size());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }
        });
        return total.get();
    }
}

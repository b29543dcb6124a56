package io.eraft.shardkv.space;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Where a {@link SpaceMonitor} learns how much space is free: a file system, or a fake in tests. */
@FunctionalInterface
public interface FreeSpace {
    /** The bytes this process may still write (usable space, after reserved blocks and quotas). */
    long usableBytes() throws IOException;

    /**
     * The usable space of the file system holding {@code dir}, measured through its nearest existing ancestor (the
     * directory may not exist yet when the server starts).
     */
    static FreeSpace of(Path dir) {
        Path start = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        return () -> {
            Path p = start;
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            if (p == null) {
                throw new IOException("no part of " + start + " exists");
            }
            return Files.getFileStore(p).getUsableSpace();
        };
    }
}

package io.eraft.persister.segment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync of a directory, so that files created, renamed or deleted in it survive a crash. */
final class Durability {
    private Durability() {
    }

    static void syncDirectory(Path directory) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (AccessDeniedException e) {
            // Windows cannot open a directory; there, creating and renaming files is durable without it.
            return;
        }
        try (ch) {
            ch.force(true);
        }
    }
}

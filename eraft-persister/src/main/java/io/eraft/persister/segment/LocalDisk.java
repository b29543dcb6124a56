package io.eraft.persister.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** The local file system, through {@link FileChannel}s. */
final class LocalDisk implements Disk {
    static final LocalDisk INSTANCE = new LocalDisk();

    private LocalDisk() {
    }

    @Override
    public DiskFile open(Path file, Mode mode) throws IOException {
        OpenOption[] options = switch (mode) {
            case READ -> new OpenOption[]{StandardOpenOption.READ};
            case WRITE -> new OpenOption[]{StandardOpenOption.READ, StandardOpenOption.WRITE};
            case CREATE -> new OpenOption[]{StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE};
            case CREATE_NEW -> new OpenOption[]{StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE};
        };
        return new LocalFile(file, FileChannel.open(file, options));
    }

    @Override
    public List<Path> list(Path directory, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob)) {
            files.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    @Override
    public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void replace(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
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

    private record LocalFile(Path path, FileChannel channel) implements DiskFile {
        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return channel.write(src, position);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            channel.truncate(size);
        }

        @Override
        public void force(boolean metadata) throws IOException {
            channel.force(metadata);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}

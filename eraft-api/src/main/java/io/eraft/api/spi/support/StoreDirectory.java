package io.eraft.api.spi.support;

import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreLockedException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The directory of one open state machine store: created if missing, checked to be a writable directory, locked
 * against other store instances ({@code eraft-<provider>.lock}, through {@link DirectoryLock}), and marked with the
 * provider that owns it ({@value #MARKER}), so that another provider, or a directory that holds other files, is
 * refused instead of being mixed with store files.
 */
public final class StoreDirectory implements AutoCloseable {
    /** The marker file that names the provider owning the directory. */
    public static final String MARKER = "eraft-store.properties";

    private final Path path;
    private final DirectoryLock lock;

    private StoreDirectory(Path path, DirectoryLock lock) {
        this.path = path;
        this.lock = lock;
    }

    /**
     * Creates (if needed), locks and marks {@code requested} for {@code provider}.
     *
     * @param provider the provider's name, as in {@code StoreProvider.name()}
     * @throws StoreLockedException when another store instance has it open, in this process or another
     * @throws StoreException       when it cannot be created or written, is a file, or belongs to something else
     */
    public static StoreDirectory open(String provider, Path requested) {
        Path dir = create(provider, requested);
        DirectoryLock lock = lock(provider, dir);
        try {
            checkOrWriteMarker(provider, dir);
            return new StoreDirectory(dir, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Path create(String provider, Path requested) {
        Path dir = requested.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StoreException(provider + " store: " + dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
            dir = dir.toRealPath();
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(provider + " store: cannot create directory " + dir + ": " + e.getFile()
                    + " exists and is not a directory", e);
        } catch (IOException e) {
            throw new StoreException(provider + " store: cannot create directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException(provider + " store: directory " + dir + " is not writable");
        }
        return dir;
    }

    private static DirectoryLock lock(String provider, Path dir) {
        Path file = dir.resolve("eraft-" + provider + ".lock");
        try {
            return DirectoryLock.acquire(dir, file.getFileName().toString());
        } catch (DirectoryLockedException e) {
            throw switch (e.holder()) {
                case OPEN_IN_THIS_PROCESS -> new StoreLockedException(provider + " store " + dir
                        + " is already open in another store instance of this process; close that one first");
                case LOCKED_BY_THIS_PROCESS -> new StoreLockedException(provider + " store " + dir
                        + " is already locked by this process", e);
                case LOCKED_BY_ANOTHER_PROCESS -> new StoreLockedException(provider + " store " + dir
                        + " is open in another process (it holds the lock on " + file + ")");
            };
        } catch (IOException e) {
            throw new StoreException(provider + " store " + dir + ": cannot create or lock " + file
                    + " (is the directory writable?): " + e, e);
        }
    }

    private static void checkOrWriteMarker(String provider, Path dir) {
        Path marker = dir.resolve(MARKER);
        try {
            if (Files.exists(marker)) {
                Properties p = new Properties();
                p.load(new StringReader(Files.readString(marker, StandardCharsets.UTF_8)));
                String owner = p.getProperty("provider");
                if (!provider.equals(owner)) {
                    throw new StoreException(provider + " store: directory " + dir + " holds a '" + owner
                            + "' store (see " + marker + "); open it with that provider or choose another directory");
                }
                return;
            }
            try (Stream<Path> files = Files.list(dir)) {
                String other = files.map(f -> f.getFileName().toString())
                        .filter(n -> !isOwnFile(n))
                        .findFirst().orElse(null);
                if (other != null) {
                    throw new StoreException(provider + " store: directory " + dir
                            + " is not empty and is not an eraft store (it holds " + other + ", no " + MARKER
                            + "); choose an empty or new directory");
                }
            }
            FileOps.writeAtomically(marker, ("# eRaft state machine store; do not edit\nprovider=" + provider
                    + "\nformat=1\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StoreException(provider + " store: cannot read or write " + marker + ": " + e, e);
        }
    }

    /** Lock files, and the marker's temporary file left if a first open crashed while writing it. */
    private static boolean isOwnFile(String name) {
        return name.startsWith("eraft-") && name.endsWith(".lock") || name.equals(MARKER + ".tmp");
    }

    /** The directory, as an absolute real path. */
    public Path path() {
        return path;
    }

    /** Releases the lock; the files stay. */
    @Override
    public void close() {
        lock.close();
    }
}

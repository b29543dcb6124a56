package io.eraft.dist.demo;

import io.eraft.api.spi.support.DirectoryLock;
import io.eraft.api.spi.support.DirectoryLockedException;
import io.eraft.api.spi.support.FileOps;
import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.ServerStartException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A work directory that a throw-away cluster (the demo, a benchmark) owns for one run: locked while the run lasts,
 * emptied at the start. It empties only a directory it marked itself on an earlier run, or an empty one, so a
 * mistyped {@code --dir} never deletes someone's files.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ScratchDirectory implements AutoCloseable {
    private static final String LOCK = "eraft-scratch.lock";
    private static final String MARKER = "eraft-scratch";

    private final Path dir;
    private final DirectoryLock lock;
    private final boolean emptied;

    private ScratchDirectory(Path dir, DirectoryLock lock, boolean emptied) {
        this.dir = dir;
        this.lock = lock;
        this.emptied = emptied;
    }

    /**
     * Creates or locks {@code dir} and removes what an earlier run of {@code owner} left in it.
     *
     * @param owner  the command using it, named in messages (e.g. {@code "eraft demo"})
     * @param option the flag that chooses the directory, named in messages (e.g. {@code "--dir"})
     * @throws ServerStartException when another run holds the directory, or it cannot be created or emptied
     * @throws ConfigException      when it holds files that no earlier run of a scratch cluster left there
     */
    public static ScratchDirectory claim(Path dir, String owner, String option) {
        Path abs = dir.toAbsolutePath();
        DirectoryLock lock;
        try {
            Files.createDirectories(abs);
            lock = DirectoryLock.acquire(abs, LOCK);
        } catch (DirectoryLockedException e) {
            throw new ServerStartException(abs + " is in use by another run (" + e.getMessage() + "); stop it, or "
                    + "give " + owner + " another directory (" + option + ")", e);
        } catch (IOException e) {
            throw new ServerStartException("cannot use " + abs + " for " + owner + ": " + e + "; choose a writable "
                    + "directory (" + option + ")", e);
        }
        try {
            boolean emptied = empty(abs, owner, option);
            Files.writeString(abs.resolve(MARKER), owner + System.lineSeparator());
            return new ScratchDirectory(abs, lock, emptied);
        } catch (IOException e) {
            lock.close();
            throw new ServerStartException("cannot prepare " + abs + " for " + owner + ": " + e + "; choose a "
                    + "writable directory (" + option + ")", e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Deletes the earlier run's files; returns whether there were any. */
    private static boolean empty(Path dir, String owner, String option) throws IOException {
        List<Path> left;
        try (Stream<Path> entries = Files.list(dir)) {
            left = entries.filter(p -> !p.getFileName().toString().equals(LOCK)).toList();
        }
        if (left.isEmpty()) {
            return false;
        }
        if (!Files.exists(dir.resolve(MARKER))) {
            throw new ConfigException(dir + " is not empty and holds no earlier run's data (" + left.size()
                    + " entries, e.g. " + left.get(0).getFileName() + "); " + owner + " empties its directory "
                    + "at start, so give it a new or empty one (" + option + ")");
        }
        for (Path p : left) {
            FileOps.deleteRecursively(p);
        }
        return true;
    }

    /** The directory, absolute. */
    public Path path() {
        return dir;
    }

    /** Whether an earlier run's files were removed. */
    public boolean emptied() {
        return emptied;
    }

    /** Releases the directory; its files stay until the next run. */
    @Override
    public void close() {
        lock.close();
    }
}

package io.eraft.dist.server;

import io.eraft.api.spi.support.DirectoryLock;
import io.eraft.api.spi.support.DirectoryLockedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of a server's data directory and its lock: {@value #LOCK} (held while a server, or an offline tool such
 * as {@code eraft repair-log}, uses the directory), {@value ClusterIdFile#NAME}, {@value #LOG}/ (the Raft log),
 * {@value #STORE}/ (the state machine store) and {@value #RAFT}/ (snapshots being received).
 */
final class DataDirectory {
    public static final String LOCK = "eraft-server.lock";
    public static final String LOG = "log";
    public static final String STORE = "store";
    public static final String RAFT = "raft";

    private DataDirectory() {
    }

    /**
     * Creates {@code dir} if needed and locks it for one user.
     *
     * @param fix what to do instead when another server holds it, e.g. "give node n1 its own data.dir (--data-dir)"
     * @throws ServerStartException when another process (or this one) holds the directory, or it cannot be created
     */
    public static DirectoryLock lock(Path dir, String fix) {
        try {
            Files.createDirectories(dir);
            return DirectoryLock.acquire(dir, LOCK);
        } catch (DirectoryLockedException e) {
            String who = e.ownerPid().isPresent() ? "another eraft server (pid " + e.ownerPid().getAsLong() + ")"
                    : "another eraft server";
            throw new ServerStartException("data directory " + dir.toAbsolutePath() + " is locked by " + who
                    + "; stop that server, or " + fix, e);
        } catch (IOException e) {
            throw new ServerStartException("cannot use data directory " + dir.toAbsolutePath() + ": " + e
                    + "; make it writable or choose another data.dir (--data-dir)", e);
        }
    }
}

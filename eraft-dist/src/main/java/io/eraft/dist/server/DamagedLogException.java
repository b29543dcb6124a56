package io.eraft.dist.server;

import io.eraft.api.EraftException;
import io.eraft.api.log.LogCorruptedException;

import java.nio.file.Path;

/**
 * A server cannot start because its Raft log holds a damaged record or file that had been made durable (not a torn
 * tail, which the log cuts by itself). The message names the file and, when the log store can repair it, the
 * command that does: {@code eraft repair-log --data-dir DIR}, after which the node gets the lost entries back from
 * its leader and votes again only once it has them.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class DamagedLogException extends EraftException {
    private static final long serialVersionUID = 1L;
    private static final String REPAIR = "eraft repair-log";

    private final transient Path dataDir;

    private DamagedLogException(String message, Path dataDir, LogCorruptedException cause) {
        super(message, cause);
        this.dataDir = dataDir;
    }

    /** The damage {@code cause} found in the log of node {@code node}, whose data directory is {@code dataDir}. */
    public static DamagedLogException of(String node, Path dataDir, LogCorruptedException cause) {
        Path dir = dataDir.toAbsolutePath();
        String file = cause.file() == null ? "" : " (file " + cause.file().toAbsolutePath() + ")";
        String what = "the Raft log of node " + node + " is damaged" + file + ": " + cause.getMessage();
        if (cause.getMessage() != null && cause.getMessage().contains(REPAIR)) {
            return new DamagedLogException(what, dir, cause); // the log store named the repair already
        }
        String fix = cause.repairable()
                ? "Repair it offline, with this server stopped: " + REPAIR + " --data-dir " + dir + " (it cuts the "
                        + "log at the damage; restarted, the node gets the lost entries back from its leader and "
                        + "votes again only once it has them)"
                : REPAIR + " cannot repair this (see 'Failures and repair' in the README); data directory " + dir;
        return new DamagedLogException(what + ". " + fix, dir, cause);
    }

    /** The damaged log's data directory. */
    public Path dataDir() {
        return dataDir;
    }
}

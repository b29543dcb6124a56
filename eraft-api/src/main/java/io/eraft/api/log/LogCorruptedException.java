package io.eraft.api.log;

import java.nio.file.Path;

/**
 * A log record or file that was made durable is damaged (not a torn tail, which is cut silently). Startup stops rather
 * than lose entries; the message names the file and offset and, when {@link #repairable()}, the command that repairs
 * the log ({@link LogStoreProvider#repair}: cut at the damage and recover the lost entries from the leader).
 */
public class LogCorruptedException extends LogStoreException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final boolean repairable;

    public LogCorruptedException(String message) {
        this(message, null, false, null);
    }

    public LogCorruptedException(String message, Throwable cause) {
        this(message, null, false, cause);
    }

    /**
     * @param file       the damaged file, or null if not one file
     * @param repairable whether {@link LogStoreProvider#repair} can repair it
     */
    public LogCorruptedException(String message, Path file, boolean repairable) {
        this(message, file, repairable, null);
    }

    public LogCorruptedException(String message, Path file, boolean repairable, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.repairable = repairable;
    }

    /** The damaged file, or null. */
    public Path file() {
        return file;
    }

    /** True if the log store's repair can cut the log at the damage (the member then recovers from its leader). */
    public boolean repairable() {
        return repairable;
    }
}

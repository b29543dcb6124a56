package io.eraft.api.spi.support;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * {@link DirectoryLock#acquire} found the lock file already held. Checked on purpose: a provider translates it into
 * its own SPI's exception (a store into {@code StoreLockedException}, a log into {@code LogStoreException}) with a
 * message in its own words; {@link #holder()} says who holds the lock.
 */
public final class DirectoryLockedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Who holds the lock. */
    public enum Holder {
        /** Another open {@link DirectoryLock} of this process holds it. */
        OPEN_IN_THIS_PROCESS,
        /**
         * This process holds an OS lock on the file through another channel that {@link DirectoryLock} does not
         * know of (for example a second copy of the class, loaded by another class loader).
         */
        LOCKED_BY_THIS_PROCESS,
        /** Another process holds the OS lock. */
        LOCKED_BY_ANOTHER_PROCESS
    }

    private final Holder holder;
    private final Path lockFile;
    private final long ownerPid;

    DirectoryLockedException(Holder holder, Path lockFile, long ownerPid, Throwable cause) {
        super(describe(holder, lockFile, ownerPid), cause);
        this.holder = holder;
        this.lockFile = lockFile;
        this.ownerPid = ownerPid;
    }

    private static String describe(Holder holder, Path lockFile, long ownerPid) {
        String who = switch (holder) {
            case OPEN_IN_THIS_PROCESS -> "is already open in this process";
            case LOCKED_BY_THIS_PROCESS -> "is already locked by this process through another channel";
            case LOCKED_BY_ANOTHER_PROCESS -> "is locked by another process"
                    + (ownerPid > 0 ? " (pid " + ownerPid + ")" : "");
        };
        return lockFile + " " + who;
    }

    /** Who holds the lock. */
    public Holder holder() {
        return holder;
    }

    /** The lock file, as a real path. */
    public Path lockFile() {
        return lockFile;
    }

    /**
     * The pid of the process that holds the lock, when {@link Holder#LOCKED_BY_ANOTHER_PROCESS} and the file names
     * one: every {@link DirectoryLock} writes its pid into the file it locks, another program may not.
     */
    public OptionalLong ownerPid() {
        return ownerPid > 0 ? OptionalLong.of(ownerPid) : OptionalLong.empty();
    }
}

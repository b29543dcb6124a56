package io.eraft.dist.cli;

import io.eraft.api.EraftException;
import io.eraft.dist.server.DamagedLogException;

import java.util.OptionalInt;

/**
 * The exit statuses of {@code eraft} commands, and which failure ends a command with which.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** A negative answer: a get found nothing, a cas did not apply, a server is offline or failed, a check failed. */
    public static final int NEGATIVE = 1;
    /**
     * An error: bad usage or settings, a data directory of another cluster, a server that cannot start (port in
     * use, data directory locked), a request that could not be made.
     */
    public static final int ERROR = 2;
    /** A server's Raft member stopped itself after an error it cannot safely continue from (fail-stop). */
    public static final int MEMBER_FAILED = 3;
    /** A server cannot start because its Raft log is damaged; {@code eraft repair-log} repairs it. */
    public static final int LOG_DAMAGED = 4;
    /** {@code eraft check}: the checker ran out of time before it could decide (raise {@code --check-timeout}). */
    public static final int UNDECIDED = 5;

    private ExitCodes() {
    }

    /**
     * The exit status a command that threw {@code e} ends with, or empty for an unexpected exception (a bug: it
     * is reported with its stack trace).
     */
    public static OptionalInt of(Throwable e) {
        if (e instanceof DamagedLogException) {
            return OptionalInt.of(LOG_DAMAGED);
        }
        if (e instanceof EraftException || e instanceof IllegalArgumentException) {
            return OptionalInt.of(ERROR);
        }
        return OptionalInt.empty();
    }
}

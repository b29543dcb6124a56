package io.eraft.api.log;

import io.eraft.api.EraftException;

/** The log store failed (I/O error, bad options, closed); the Raft group using it must stop. */
public class LogStoreException extends EraftException {
    private static final long serialVersionUID = 1L;

    public LogStoreException(String message) {
        super(message);
    }

    public LogStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

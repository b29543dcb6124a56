package io.eraft.api.log;


/** The requested index was compacted into a snapshot. */
public class LogCompactedException extends LogStoreException {
    private static final long serialVersionUID = 1L;

    public LogCompactedException(String message) {
        super(message);
    }

    public LogCompactedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.eraft.api.log;


/** A log record before the tail is damaged. Startup stops rather than lose entries; the message names file and offset. */
public class LogCorruptedException extends LogStoreException {
    private static final long serialVersionUID = 1L;

    public LogCorruptedException(String message) {
        super(message);
    }

    public LogCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.eraft.api.log;


/** The requested index is past the end of the log. */
public class LogUnavailableException extends LogStoreException {
    private static final long serialVersionUID = 1L;

    public LogUnavailableException(String message) {
        super(message);
    }

    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

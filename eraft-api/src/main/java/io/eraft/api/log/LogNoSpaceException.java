package io.eraft.api.log;

/**
 * A log write failed because the file system is full (or over a quota). Nothing after the last durable entry is
 * durable; the store refuses further writes. A member whose log store fails this way stops cleanly with this reason
 * and can be restarted once space is freed.
 */
public class LogNoSpaceException extends LogStoreException {
    private static final long serialVersionUID = 1L;

    public LogNoSpaceException(String message, Throwable cause) {
        super(message, cause);
    }
}

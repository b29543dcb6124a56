package io.eraft.api;

/** Base of every exception eRaft throws on purpose. Each subclass names one failure with a clear message. */
public class EraftException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EraftException(String message) {
        super(message);
    }

    public EraftException(String message, Throwable cause) {
        super(message, cause);
    }
}

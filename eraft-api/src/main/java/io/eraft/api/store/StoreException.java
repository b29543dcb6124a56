package io.eraft.api.store;

import io.eraft.api.EraftException;

/** A store operation failed; the message names the store, the directory and the cause. */
public class StoreException extends EraftException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

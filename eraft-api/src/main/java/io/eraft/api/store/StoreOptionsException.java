package io.eraft.api.store;


/** An unknown store option, or a value that cannot be parsed or is out of range. */
public class StoreOptionsException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreOptionsException(String message) {
        super(message);
    }

    public StoreOptionsException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.eraft.shardkv.client;

/**
 * A server list is not {@code id=host:port,...} (or {@code host:port,...}); the message names the bad entry and shows
 * the expected form.
 */
public final class BadAddressException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public BadAddressException(String message) {
        this(message, message);
    }

    /**
     * @param message the whole message
     * @param reason  what is wrong with the list, without the list and the expected form (for a caller that names
     *                the list its own way)
     */
    public BadAddressException(String message, String reason) {
        super(message);
        this.reason = reason;
    }

    /** What is wrong with the list, e.g. {@code node n1 is listed twice}. */
    public String reason() {
        return reason;
    }
}

package io.eraft.shardkv.client;

/**
 * A server list is not {@code id=host:port,...} (or {@code host:port,...}); the message names the bad entry and shows
 * the expected form.
 */
public final class BadAddressException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadAddressException(String message) {
        super(message);
    }
}

package io.eraft.shardkv.kv;

/**
 * No server answered a request within the clerk's operation timeout. For a write the outcome is unknown: it may
 * have been applied (once) or not at all.
 */
public final class KvTimeoutException extends KvOutcomeUnknownException {
    private static final long serialVersionUID = 1L;

    public KvTimeoutException(String message, Throwable lastError) {
        super(message, lastError);
    }
}

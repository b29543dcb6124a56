package io.eraft.shardkv.kv;

/**
 * No server took the write within the operation timeout, and every server that answered said it had not proposed
 * it (it did not lead, or could not take the proposal): the write was not applied and cannot apply later. When an
 * attempt's fate is unknown (no answer, a lost connection) the clerk reports {@link KvTimeoutException} instead.
 */
public final class KvUnavailableException extends KvNotAppliedException {
    private static final long serialVersionUID = 1L;

    public KvUnavailableException(String message, Throwable lastError) {
        super(message, lastError);
    }
}

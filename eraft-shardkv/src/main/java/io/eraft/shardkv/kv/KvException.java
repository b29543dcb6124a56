package io.eraft.shardkv.kv;

import io.eraft.api.EraftException;

/** A KV operation failed; each subclass names one cause. */
public class KvException extends EraftException {
    private static final long serialVersionUID = 1L;

    public KvException(String message) {
        super(message);
    }

    public KvException(String message, Throwable cause) {
        super(message, cause);
    }
}

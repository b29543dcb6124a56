package io.eraft.shardkv.kv;

/**
 * The request cannot succeed as it is: an empty key, a key or value over the size limits ({@link KvLimits}), or a
 * request the server could not decode. Nothing was applied, and retrying the same request fails the same way.
 */
public final class KvRequestRejectedException extends KvNotAppliedException {
    private static final long serialVersionUID = 1L;

    public KvRequestRejectedException(String message) {
        super(message);
    }
}

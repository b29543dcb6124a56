package io.eraft.shardkv.kv;

/** The servers asked do not serve this key's group (reserved for sharding: the clerk must ask another group). */
public final class WrongGroupException extends KvException {
    private static final long serialVersionUID = 1L;

    public WrongGroupException(String message) {
        super(message);
    }
}

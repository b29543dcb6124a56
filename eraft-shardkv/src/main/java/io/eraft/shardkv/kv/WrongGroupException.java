package io.eraft.shardkv.kv;

/**
 * The servers asked do not serve this group (or this key's shard): the request was not applied there. A sharded
 * clerk asks the controller and tries the right group; a plain KV clerk fails with it (a definite failure).
 */
public final class WrongGroupException extends KvNotAppliedException {
    private static final long serialVersionUID = 1L;

    public WrongGroupException(String message) {
        super(message);
    }
}

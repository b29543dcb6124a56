package io.eraft.shardkv.admin;

import io.eraft.shardkv.kv.KvException;

/**
 * The leader could not say whether a membership change committed (it lost leadership, or stopped, after appending
 * it): the change may or may not be in effect. List the members before retrying.
 */
public final class MemberChangeUncertainException extends KvException {
    public MemberChangeUncertainException(String message) {
        super(message);
    }
}

package io.eraft.shardkv.admin;

import io.eraft.shardkv.kv.KvException;

/**
 * The group's leader refused a membership change and changed nothing.
 */
public final class MemberChangeRefusedException extends KvException {
    private final String reason;
    private final transient GroupMembers current;

    public MemberChangeRefusedException(String reason, GroupMembers current, String message) {
        super(message);
        this.reason = reason;
        this.current = current;
    }

    /** The reason, as {@link io.eraft.api.raft.MembershipChangeException.Reason} names it. */
    public String reason() {
        return reason;
    }

    /** The configuration in effect, or null when the leader did not say. */
    public GroupMembers current() {
        return current;
    }
}

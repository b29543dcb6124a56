package io.eraft.api.raft;

/**
 * Told of every change of a member's configuration: when a configuration entry is appended to its log (a configuration
 * takes effect then, not on commit), when one is undone because its entry was truncated, and when a snapshot brings
 * one. Upper layers use it to admit new peers at the transport and to drop removed ones. Runs on the group's event
 * loop: it must return quickly and must not block or call back into the node synchronously.
 */
@FunctionalInterface
public interface MembershipListener {
    void membershipChanged(Membership membership);
}

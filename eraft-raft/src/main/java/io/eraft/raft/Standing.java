package io.eraft.raft;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;

/**
 * A member's term, role and leader at one moment, published as one immutable value so that a thread other than the
 * event loop (a status reader) never sees a role from one term with the number of another, such as the old leader's
 * role with the term in which it has just become a follower.
 *
 * @param term   the current term
 * @param role   the role in that term
 * @param leader the leader it follows in that term (itself when leading), or null if unknown
 */
record Standing(long term, Role role, NodeId leader) {
}

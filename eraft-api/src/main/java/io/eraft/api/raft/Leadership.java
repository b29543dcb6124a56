package io.eraft.api.raft;

import io.eraft.api.transport.NodeId;

import java.util.Objects;

/**
 * A member's term, role and leader at one moment, as one consistent value: what a request handler checks on every
 * request (is this member the leader, and if not, whom to point the client at), without the log figures and
 * replication state a {@link RaftStatus} gathers.
 *
 * @param term   the current term
 * @param role   the role in that term
 * @param leader the leader it follows in that term (itself when leading), or null when unknown
 */
public record Leadership(long term, Role role, NodeId leader) {
    public Leadership {
        Objects.requireNonNull(role, "role");
    }

    /** Whether this member leads its group now. */
    public boolean leading() {
        return role == Role.LEADER;
    }
}

package io.eraft.raft.testing;

import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;

import java.util.HashMap;
import java.util.Map;

/** Checks Election Safety on every status the fixture observes: at most one leader per term. */
public final class LeaderHistory {
    private final Map<Long, NodeId> leaderByTerm = new HashMap<>();
    private final Violations violations;

    public LeaderHistory(Violations violations) {
        this.violations = violations;
    }

    /** Records {@code status} if it claims leadership, reporting a second leader in the same term. */
    public synchronized void observe(RaftStatus status) {
        if (status.role() != Role.LEADER) {
            return;
        }
        NodeId before = leaderByTerm.putIfAbsent(status.term(), status.self());
        if (before != null && !before.equals(status.self())) {
            violations.report("election safety: both " + before + " and " + status.self()
                    + " were leader in term " + status.term());
        }
    }
}

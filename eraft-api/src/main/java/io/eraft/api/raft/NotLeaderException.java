package io.eraft.api.raft;

import io.eraft.api.transport.NodeId;

/** The member is not the leader; {@link #leaderHint()} names the leader it knows of, or is null. */
public final class NotLeaderException extends RaftException {
    private static final long serialVersionUID = 1L;
    private final transient NodeId leaderHint;

    public NotLeaderException(NodeId self, NodeId leaderHint) {
        super(self + " is not the leader" + (leaderHint == null ? "" : "; try " + leaderHint));
        this.leaderHint = leaderHint;
    }

    public NodeId leaderHint() {
        return leaderHint;
    }
}

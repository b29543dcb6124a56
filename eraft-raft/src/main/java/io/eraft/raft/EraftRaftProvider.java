package io.eraft.raft;

import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftNodeSpec;
import io.eraft.api.raft.RaftProvider;

/** The Raft provider {@code eraft}. */
public final class EraftRaftProvider implements RaftProvider {
    @Override
    public String name() {
        return "eraft";
    }

    @Override
    public RaftNode create(RaftNodeSpec spec) {
        return new RaftNodeImpl(spec);
    }
}

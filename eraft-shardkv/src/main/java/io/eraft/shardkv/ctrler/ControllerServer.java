package io.eraft.shardkv.ctrler;

import io.eraft.api.raft.RaftNode;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.replica.ReplicaLifecycle;

/**
 * One replica of the shard controller: a Raft member over a {@link ControllerStateMachine}, serving
 * {@link ControllerClerk}s on transport channel {@code "ctrler/<cluster>"}. It is started from the same
 * {@link KvServerSpec} a KV server is (its group id names the controller cluster; its limits are not used) plus the
 * cluster's shard count.
 */
public final class ControllerServer implements AutoCloseable {
    /** The number of shards of a cluster unless configured otherwise. */
    public static final int DEFAULT_SHARDS = 16;

    private final KvServerSpec spec;
    private final ControllerStateMachine stateMachine;
    private final RaftNode raft;
    private boolean closed;

    private ControllerServer(KvServerSpec spec, ControllerStateMachine stateMachine, RaftNode raft) {
        this.spec = spec;
        this.stateMachine = stateMachine;
        this.raft = raft;
    }

    /** The transport channel clerks of controller cluster {@code cluster} send to. */
    public static String channel(String cluster) {
        return "ctrler/" + cluster;
    }

    /**
     * Builds the state machine and the Raft member (Raft group {@code spec.groupId()}), starts Raft and starts
     * serving clerks.
     *
     * @param shardCount the cluster's number of shards (fixed when it is created; ≥ 1)
     * @throws io.eraft.api.UnknownProviderException when no Raft provider is on the module path
     * @throws IllegalArgumentException when the store was created for another shard count
     */
    public static ControllerServer start(KvServerSpec spec, int shardCount) {
        ControllerStateMachine sm = new ControllerStateMachine(spec.groupId() + "/" + spec.self(), spec.store(),
                spec.codec(), spec.sessions(), shardCount);
        RaftNode raft = ReplicaLifecycle.createRaft(spec, sm);
        ReplicaLifecycle.start(raft, () -> spec.transport().register(channel(spec.groupId()),
                new ControllerRequestHandler(spec.groupId(), raft, sm)), raft::close);
        return new ControllerServer(spec, sm, raft);
    }

    public NodeId self() {
        return spec.self();
    }

    /** The Raft member, for status and leadership transfer. */
    public RaftNode raft() {
        return raft;
    }

    public ControllerStateMachine stateMachine() {
        return stateMachine;
    }

    /** Stops serving clerks and stops the Raft member; the log, store and transport stay open (the caller's). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ReplicaLifecycle.stop(spec.transport(), raft, channel(spec.groupId()));
    }

    @Override
    public String toString() {
        return "ControllerServer[" + spec.groupId() + "/" + spec.self() + "]";
    }
}

package io.eraft.shardkv.ctrler;

import io.eraft.api.raft.RaftNode;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.replica.ReplicaLifecycle;
import io.eraft.shardkv.space.SpaceAlarm;
import io.eraft.shardkv.space.SpaceMonitor;

/**
 * One replica of the shard controller: a Raft member over a {@link ControllerStateMachine}, serving
 * {@link ControllerClerk}s on two transport channels: {@code "ctrler/<cluster>"} ({@link #channel}), open to every
 * client ({@link Access#CLIENT}), answers queries only; {@code "ctrler-admin/<cluster>"} ({@link #adminChannel}),
 * open to admins and servers ({@link Access#ADMIN}), takes the changes as well. It is started from the same
 * {@link KvServerSpec} a KV server is (its group id names the controller cluster; its limits are not used) plus the
 * cluster's shard count. Its space alarm is measured for status ({@link #space()}) but refuses nothing: the
 * controller's writes are small, and adding groups is how space is made.
 *
 * <p>Metrics ({@link KvServerSpec#metrics()}): the state machine's store write batches, clerk sessions and latest
 * configuration number, and Raft's own.
 */
public final class ControllerServer implements AutoCloseable {
    /** The number of shards of a cluster unless configured otherwise. */
    public static final int DEFAULT_SHARDS = 16;

    private final KvServerSpec spec;
    private final ControllerStateMachine stateMachine;
    private final RaftNode raft;
    private final SpaceMonitor space;
    private boolean closed;

    private ControllerServer(KvServerSpec spec, ControllerStateMachine stateMachine, RaftNode raft,
                             SpaceMonitor space) {
        this.spec = spec;
        this.stateMachine = stateMachine;
        this.raft = raft;
        this.space = space;
    }

    /** The client channel of controller cluster {@code cluster}: queries, from any client. */
    public static String channel(String cluster) {
        return "ctrler/" + cluster;
    }

    /** The admin channel of controller cluster {@code cluster}: changes and queries, from admins and servers. */
    public static String adminChannel(String cluster) {
        return "ctrler-admin/" + cluster;
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
        String name = spec.groupId() + "/" + spec.self();
        ControllerStateMachine sm = new ControllerStateMachine(name, spec.store(), spec.codec(), spec.sessions(),
                shardCount, spec.metrics(), spec.nanoClock());
        RaftNode raft = ReplicaLifecycle.createRaft(spec, sm);
        SpaceMonitor space = ReplicaLifecycle.spaceMonitor(spec, name);
        long maxEntry = spec.raftConfig().maxAppendBytes();
        ReplicaLifecycle.start(spec, raft, () -> {
            space.start();
            spec.transport().register(channel(spec.groupId()), Access.CLIENT,
                    new ControllerRequestHandler(spec.groupId(), raft, sm, maxEntry, false));
            spec.transport().register(adminChannel(spec.groupId()), Access.ADMIN,
                    new ControllerRequestHandler(spec.groupId(), raft, sm, maxEntry, true));
        }, () -> {
            spec.transport().unregister(channel(spec.groupId()));
            space.close();
            raft.close();
        });
        return new ControllerServer(spec, sm, raft, space);
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

    /** The space alarm as last measured (for status; the controller refuses nothing because of it). */
    public SpaceAlarm space() {
        return space.alarm();
    }

    /** Stops serving clerks and stops the Raft member; the log, store and transport stay open (the caller's). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ReplicaLifecycle.stop(spec.groupId(), spec.transport(), raft, space, channel(spec.groupId()), adminChannel(spec.groupId()));
    }

    @Override
    public String toString() {
        return "ControllerServer[" + spec.groupId() + "/" + spec.self() + "]";
    }
}

package io.eraft.shardkv.kv;

import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftProvider;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.replica.KvRequestMetrics;
import io.eraft.shardkv.replica.ReplicaLifecycle;
import io.eraft.shardkv.space.SpaceAlarm;
import io.eraft.shardkv.space.SpaceMonitor;

/**
 * One replica of a KV group: a Raft member (found through {@link RaftProvider}) over a {@link KvStateMachine}, serving
 * clerks on transport channel {@code "kv/<group>"}. Writes are proposed to Raft and answered with the state
 * machine's reply once applied; Gets wait for a ReadIndex barrier and then read the store, with no log entry. A
 * server that does not lead answers NOT_LEADER with the leader it knows of.
 *
 * <p>The channel is a client channel ({@link Access#CLIENT}): any client of the cluster may use it; Raft's own
 * channel is peer-only. While the server's space alarm is raised ({@link #space()}), it refuses puts, appends and
 * compare-and-sets with NO_SPACE and serves reads and deletes.
 *
 * <p>Metrics ({@link KvServerSpec#metrics()}): every request's duration and error kind, the client sessions and the
 * store write batches of the state machine, and Raft's own.
 */
public final class KvServer implements AutoCloseable {
    private final KvServerSpec spec;
    private final KvStateMachine stateMachine;
    private final RaftNode raft;
    private final SpaceMonitor space;
    private final String channel;
    private boolean closed;

    private KvServer(KvServerSpec spec, KvStateMachine stateMachine, RaftNode raft, SpaceMonitor space) {
        this.spec = spec;
        this.stateMachine = stateMachine;
        this.raft = raft;
        this.space = space;
        this.channel = channel(spec.groupId());
    }

    /** The transport channel clerks of group {@code groupId} send to. */
    public static String channel(String groupId) {
        return "kv/" + groupId;
    }

    /**
     * Builds the state machine and the Raft member, starts Raft (recovering from the log and the store), the space
     * alarm, and serving clerks.
     *
     * @throws IllegalArgumentException naming {@code raft.max-append-bytes} when the KV limits do not fit Raft's
     *                                  largest entry ({@link KvLimits#requireFits})
     * @throws io.eraft.api.UnknownProviderException when no Raft provider is on the module path
     */
    public static KvServer start(KvServerSpec spec) {
        String name = spec.groupId() + "/" + spec.self();
        spec.limits().requireFits(spec.raftConfig().maxAppendBytes(), c -> spec.codec().encodeCommand(c).length,
                "KV server " + name);
        KvStateMachine sm = new KvStateMachine(name, spec.store(), spec.codec(), spec.limits(), spec.sessions(),
                spec.metrics(), spec.nanoClock());
        RaftNode raft = ReplicaLifecycle.createRaft(spec, sm);
        SpaceMonitor space = ReplicaLifecycle.spaceMonitor(spec, name);
        KvServer server = new KvServer(spec, sm, raft, space);
        KvRequestHandler handler = new KvRequestHandler(spec.groupId(), raft, sm, spec.codec(), spec.limits(),
                spec.raftConfig().maxAppendBytes(), space, new KvRequestMetrics(spec.metrics(), spec.nanoClock()));
        handler.useAddressBook(spec.transport()::addressOf);
        ReplicaLifecycle.start(spec, raft, () -> {
            space.start();
            spec.transport().register(server.channel, Access.CLIENT, handler);
        }, () -> {
            space.close();
            raft.close();
        });
        return server;
    }

    public NodeId self() {
        return spec.self();
    }

    public String groupId() {
        return spec.groupId();
    }

    /** The Raft member, for status and leadership transfer. */
    public RaftNode raft() {
        return raft;
    }

    public RaftStatus status() {
        return raft.status();
    }

    /** The space alarm as last measured: whether writes that add data are refused, and why. */
    public SpaceAlarm space() {
        return space.alarm();
    }

    public KvStateMachine stateMachine() {
        return stateMachine;
    }

    public Transport transport() {
        return spec.transport();
    }

    /** Stops serving clerks and stops the Raft member. The log, store and transport stay open (the caller's). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ReplicaLifecycle.stop(spec.groupId(), spec.transport(), raft, space, channel);
    }

    @Override
    public String toString() {
        return "KvServer[" + spec.groupId() + "/" + spec.self() + "]";
    }
}

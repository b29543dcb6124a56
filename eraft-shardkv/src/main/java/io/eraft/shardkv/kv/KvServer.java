package io.eraft.shardkv.kv;

import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftProvider;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.replica.ReplicaLifecycle;

/**
 * One replica of a KV group: a Raft member (found through {@link RaftProvider}) over a {@link KvStateMachine}, serving
 * clerks on transport channel {@code "kv/<group>"}. Writes are proposed to Raft and answered with the state
 * machine's reply once applied; Gets wait for a ReadIndex barrier and then read the store, with no log entry. A
 * server that does not lead answers NOT_LEADER with the leader it knows of.
 */
public final class KvServer implements AutoCloseable {
    private final KvServerSpec spec;
    private final KvStateMachine stateMachine;
    private final RaftNode raft;
    private final String channel;
    private boolean closed;

    private KvServer(KvServerSpec spec, KvStateMachine stateMachine, RaftNode raft) {
        this.spec = spec;
        this.stateMachine = stateMachine;
        this.raft = raft;
        this.channel = channel(spec.groupId());
    }

    /** The transport channel clerks of group {@code groupId} send to. */
    public static String channel(String groupId) {
        return "kv/" + groupId;
    }

    /**
     * Builds the state machine and the Raft member, starts Raft (recovering from the log and the store) and starts
     * serving clerks.
     *
     * @throws io.eraft.api.UnknownProviderException when no Raft provider is on the module path
     */
    public static KvServer start(KvServerSpec spec) {
        String name = spec.groupId() + "/" + spec.self();
        KvStateMachine sm = new KvStateMachine(name, spec.store(), spec.codec(), spec.limits(), spec.sessions());
        RaftNode raft = ReplicaLifecycle.createRaft(spec, sm);
        KvServer server = new KvServer(spec, sm, raft);
        KvRequestHandler handler = new KvRequestHandler(spec.groupId(), raft, sm, spec.codec(), spec.limits(),
                spec.raftConfig().maxAppendBytes());
        ReplicaLifecycle.start(raft, () -> spec.transport().register(server.channel, handler), raft::close);
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
        ReplicaLifecycle.stop(spec.transport(), raft, channel);
    }

    @Override
    public String toString() {
        return "KvServer[" + spec.groupId() + "/" + spec.self() + "]";
    }
}

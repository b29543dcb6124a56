package io.eraft.shardkv.replica;

import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftNodeSpec;
import io.eraft.api.raft.RaftProvider;
import io.eraft.api.raft.StateMachine;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.space.SpaceMonitor;

/** How a replica server (KV, controller, shard group) builds, starts and stops its Raft member and services. */
public final class ReplicaLifecycle {
    private ReplicaLifecycle() {
    }

    /**
     * The Raft member of Raft group {@code spec.groupId()} over {@code stateMachine}, not yet started.
     *
     * @throws io.eraft.api.UnknownProviderException when no Raft provider is on the module path
     */
    public static RaftNode createRaft(KvServerSpec spec, StateMachine stateMachine) {
        return RaftProvider.get().create(new RaftNodeSpec(spec.groupId(), spec.self(), spec.members(),
                spec.raftConfig(), spec.transport(), spec.log(), stateMachine, spec.workDir(), spec.nanoClock(),
                spec.randomSeed(), spec.transport().clusterId()));
    }

    /** The space alarm of the server {@code spec} describes (named {@code name}), not yet started. */
    public static SpaceMonitor spaceMonitor(KvServerSpec spec, String name) {
        return new SpaceMonitor(name, spec.space(), spec.freeSpace(), spec.store()::approximateSize);
    }

    /** Starts {@code raft}, then {@code services}; if either fails, runs {@code undo} and rethrows the failure. */
    public static void start(RaftNode raft, Runnable services, Runnable undo) {
        try {
            raft.start();
            services.run();
        } catch (RuntimeException e) {
            undo.run();
            throw e;
        }
    }

    /**
     * Unregisters {@code channels} in order from {@code transport}, and closes {@code raft} and {@code space} even if
     * that fails.
     */
    public static void stop(Transport transport, RaftNode raft, SpaceMonitor space, String... channels) {
        try {
            for (String channel : channels) {
                transport.unregister(channel);
            }
        } finally {
            try {
                raft.close();
            } finally {
                space.close();
            }
        }
    }
}

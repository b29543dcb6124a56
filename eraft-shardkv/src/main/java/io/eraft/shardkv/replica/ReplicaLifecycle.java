package io.eraft.shardkv.replica;

import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftNodeSpec;
import io.eraft.api.raft.RaftProvider;
import io.eraft.api.raft.StateMachine;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.admin.MemberService;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.space.SpaceMonitor;

/**
 * How a replica server (KV, controller, shard group) builds, starts and stops its Raft member and services.
 * <p>Internal: replica machinery shared by the kv, shard and ctrler packages; io.eraft.shardkv does not export it.
 */
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
                spec.randomSeed(), spec.transport().clusterId(), spec.joining(), spec.metrics()));
    }

    /** The space alarm of the server {@code spec} describes (named {@code name}), not yet started. */
    public static SpaceMonitor spaceMonitor(KvServerSpec spec, String name) {
        return new SpaceMonitor(name, spec.space(), spec.freeSpace(), spec.store()::approximateSize);
    }

    /**
     * Starts {@code raft} (its transport following its configuration: {@link TransportMembership}), then
     * {@code services}, then the group's membership admin service ({@link MemberService}); if any fails, runs
     * {@code undo} and rethrows the failure. {@link #stop} unregisters the admin service's channel.
     */
    public static void start(KvServerSpec spec, RaftNode raft, Runnable services, Runnable undo) {
        try {
            TransportMembership members = TransportMembership.follow(raft, spec.transport());
            raft.start();
            members.started(raft);
            services.run();
            MemberService.start(spec.groupId(), raft, spec.transport());
        } catch (RuntimeException e) {
            undo.run();
            throw e;
        }
    }

    /**
     * Unregisters group {@code group}'s membership admin channel and {@code channels} in order from {@code transport},
     * and closes {@code raft} and {@code space} even if that fails.
     */
    public static void stop(String group, Transport transport, RaftNode raft, SpaceMonitor space,
                            String... channels) {
        try {
            transport.unregister(MemberService.channel(group));
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

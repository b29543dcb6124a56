package io.eraft.shardkv.shard;

import io.eraft.api.raft.RaftNode;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.replica.KvRequestMetrics;
import io.eraft.shardkv.replica.ReplicaLifecycle;
import io.eraft.shardkv.space.SpaceAlarm;
import io.eraft.shardkv.space.SpaceMonitor;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * One replica of a shard group: a Raft member over a {@link ShardStateMachine}, serving clerks on
 * {@code "kv/<group>"} (the KV protocol), the migration service on {@code "shard/<group>"}, and, while it leads,
 * polling the controller and driving migration ({@link Migrator}).
 *
 * <p>Access: the client channel is open to clients ({@link Access#CLIENT}); the migration channel, like Raft's, is
 * peer-only ({@link Access#PEER}): only servers of the same cluster may pull or delete a shard. While the space alarm
 * is raised ({@link #space()}) the group refuses puts, appends and compare-and-sets with NO_SPACE; reads, deletes and
 * migration go on (migration moves data to where there is room).
 *
 * <p>Metrics ({@link KvServerSpec#metrics()}): those of a {@link KvServer}, plus each shard's state, the applied
 * configuration and the shards pulled in (see {@link ShardStateMachine}).
 */
public final class ShardServer implements AutoCloseable {
    private static final SecureRandom IDS = new SecureRandom();

    private final ShardGroupSpec spec;
    private final ShardStateMachine stateMachine;
    private final RaftNode raft;
    private final Migrator migrator;
    private final SpaceMonitor space;
    private boolean closed;

    private ShardServer(ShardGroupSpec spec, ShardStateMachine stateMachine, RaftNode raft, Migrator migrator,
                        SpaceMonitor space) {
        this.spec = spec;
        this.stateMachine = stateMachine;
        this.raft = raft;
        this.migrator = migrator;
        this.space = space;
    }

    /**
     * Builds the state machine and the Raft member, starts Raft, the space alarm, the client and migration services
     * and the migrator.
     *
     * @throws IllegalArgumentException naming {@code raft.max-append-bytes} when the largest client command or
     *                                  migration chunk would not fit one Raft log entry
     */
    public static ShardServer start(ShardGroupSpec spec) {
        KvServerSpec s = spec.server();
        EntryFit.check(spec);
        String name = s.groupId() + "/" + s.self();
        ShardStateMachine sm = new ShardStateMachine(name, s.groupId(), s.store(), s.codec(),
                s.limits(), s.sessions(), spec.shardCount(), s.metrics(), s.nanoClock());
        RaftNode raft = ReplicaLifecycle.createRaft(s, sm);
        ControllerClerk controller = ControllerClerk.create(s.transport(), spec.controller(), spec.controllers(),
                ClerkOptions.DEFAULT.withRequestTimeout(Duration.ofMillis(300))
                        .withOperationTimeout(Duration.ofSeconds(1)), IDS.nextLong());
        Migrator migrator = new Migrator(spec, raft, sm, controller);
        SpaceMonitor space = ReplicaLifecycle.spaceMonitor(s, name);
        ShardServer server = new ShardServer(spec, sm, raft, migrator, space);
        ReplicaLifecycle.start(s, raft, () -> {
            space.start();
            s.transport().register(KvServer.channel(s.groupId()), Access.CLIENT, new ShardRequestHandler(s.groupId(),
                    raft, sm, s.codec(), s.limits(), s.raftConfig().maxAppendBytes(), space,
                    new KvRequestMetrics(s.metrics(), s.nanoClock())));
            s.transport().register(MigrationHandler.channel(s.groupId()), Access.PEER,
                    new MigrationHandler(raft, sm, spec.chunkBytes()));
            migrator.start();
        }, server::close);
        return server;
    }

    public NodeId self() {
        return spec.server().self();
    }

    public String groupId() {
        return spec.groupId();
    }

    public RaftNode raft() {
        return raft;
    }

    public ShardStateMachine stateMachine() {
        return stateMachine;
    }

    /** The space alarm as last measured: whether writes that add data are refused, and why. */
    public SpaceAlarm space() {
        return space.alarm();
    }

    /** Stops the migrator, the services and the Raft member; the log, store and transport stay open. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            migrator.close();
        } finally {
            ReplicaLifecycle.stop(spec.groupId(), spec.server().transport(), raft, space, KvServer.channel(spec.groupId()),
                    MigrationHandler.channel(spec.groupId()));
        }
    }

    @Override
    public String toString() {
        return "ShardServer[" + spec.groupId() + "/" + self() + "]";
    }
}

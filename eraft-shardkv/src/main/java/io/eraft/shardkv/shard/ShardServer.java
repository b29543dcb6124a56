package io.eraft.shardkv.shard;

import io.eraft.api.raft.RaftNode;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.replica.ReplicaLifecycle;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * One replica of a shard group: a Raft member over a {@link ShardStateMachine}, serving clerks on
 * {@code "kv/<group>"} (the KV protocol), the migration service on {@code "shard/<group>"}, and, while it leads,
 * polling the controller and driving migration ({@link Migrator}).
 */
public final class ShardServer implements AutoCloseable {
    private static final SecureRandom IDS = new SecureRandom();

    private final ShardGroupSpec spec;
    private final ShardStateMachine stateMachine;
    private final RaftNode raft;
    private final Migrator migrator;
    private boolean closed;

    private ShardServer(ShardGroupSpec spec, ShardStateMachine stateMachine, RaftNode raft, Migrator migrator) {
        this.spec = spec;
        this.stateMachine = stateMachine;
        this.raft = raft;
        this.migrator = migrator;
    }

    /**
     * Builds the state machine and the Raft member, starts Raft, the client and migration services and the
     * migrator.
     */
    public static ShardServer start(ShardGroupSpec spec) {
        KvServerSpec s = spec.server();
        ShardStateMachine sm = new ShardStateMachine(s.groupId() + "/" + s.self(), s.groupId(), s.store(), s.codec(),
                s.limits(), s.sessions(), spec.shardCount());
        RaftNode raft = ReplicaLifecycle.createRaft(s, sm);
        ControllerClerk controller = ControllerClerk.create(s.transport(), spec.controller(), spec.controllers(),
                ClerkOptions.DEFAULT.withRequestTimeout(Duration.ofMillis(300))
                        .withOperationTimeout(Duration.ofSeconds(1)), IDS.nextLong());
        Migrator migrator = new Migrator(spec, raft, sm, controller);
        ShardServer server = new ShardServer(spec, sm, raft, migrator);
        ReplicaLifecycle.start(raft, () -> {
            s.transport().register(KvServer.channel(s.groupId()),
                    new ShardRequestHandler(s.groupId(), raft, sm, s.codec(), s.limits()));
            s.transport().register(MigrationHandler.channel(s.groupId()),
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
            ReplicaLifecycle.stop(spec.server().transport(), raft, KvServer.channel(spec.groupId()),
                    MigrationHandler.channel(spec.groupId()));
        }
    }

    @Override
    public String toString() {
        return "ShardServer[" + spec.groupId() + "/" + self() + "]";
    }
}

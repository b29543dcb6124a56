package io.eraft.shardkv.shard;

import com.google.protobuf.ByteString;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.Role;
import io.eraft.api.spi.support.LogLimiter;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.proto.MigrationRequest;
import io.eraft.shardkv.proto.MigrationResponse;
import io.eraft.shardkv.proto.MigrationStatus;
import io.eraft.shardkv.proto.ShardChunk;
import io.eraft.shardkv.proto.ShardCommand;
import io.eraft.shardkv.proto.ShardPhase;
import io.eraft.shardkv.proto.ShardRef;
import io.eraft.shardkv.retry.GroupCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The leader's background work for a shard group, one step per poll on a thread of its own: while every shard is
 * settled, ask the controller for the next configuration and propose it; for each PULLING shard, fetch its chunks one
 * after another from the old owner and propose each (then propose "received" after the last); for each GC_PENDING
 * shard, ask the old owner to delete its copy and propose the confirmation. Every step is idempotent, so a new leader
 * simply starts over; a source that does not answer costs one request timeout per step.
 */
final class Migrator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final Duration STEP_TIMEOUT = Duration.ofMillis(500);

    private final ShardGroupSpec spec;
    private final RaftNode raft;
    private final ShardStateMachine stateMachine;
    private final ControllerClerk controller;
    private final Transport transport;
    private final ScheduledExecutorService thread;
    private final LogLimiter refusals = LogLimiter.forRefusals();
    /** Per PULLING shard of the current configuration: the last store key received. */
    private final Map<Integer, byte[]> cursors = new HashMap<>();
    /** Which old-owner server to ask next, per source group. */
    private final Map<String, Integer> nextServer = new HashMap<>();
    private long cursorsConfig = -1;

    Migrator(ShardGroupSpec spec, RaftNode raft, ShardStateMachine stateMachine, ControllerClerk controller) {
        this.spec = spec;
        this.raft = raft;
        this.stateMachine = stateMachine;
        this.controller = controller;
        this.transport = spec.server().transport();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shard-migrator-" + spec.groupId() + "-" + raft.self());
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        long every = spec.pollInterval().toMillis();
        thread.scheduleWithFixedDelay(this::step, every, every, TimeUnit.MILLISECONDS);
    }

    private void step() {
        try {
            if (raft.status().role() != Role.LEADER) {
                cursors.clear();
                return;
            }
            ShardConfig current = stateMachine.current();
            if (current.num() != cursorsConfig) {
                cursors.clear();
                cursorsConfig = current.num();
            }
            if (stateMachine.settled()) {
                pollController(current);
                return;
            }
            for (Map.Entry<Integer, ShardPhase> e : stateMachine.phases().entrySet()) {
                if (e.getValue() == ShardPhase.SHARD_PHASE_PULLING) {
                    pull(current, e.getKey());
                } else if (e.getValue() == ShardPhase.SHARD_PHASE_GC_PENDING) {
                    confirmDeletion(current, e.getKey());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("{}/{}: migration step failed, retrying: {}", spec.groupId(), raft.self(), e.toString());
        }
    }

    private void pollController(ShardConfig current) {
        ShardConfig next = controller.query(current.num() + 1);
        if (next.num() == current.num() + 1) {
            propose(ShardCommand.newBuilder().setConfig(next.toRecord()).build());
        }
    }

    /** Pulls the shard's chunks one after another until the last, or until the old owner fails to answer. */
    private void pull(ShardConfig current, int shard) {
        ShardRef ref = ref(current, shard);
        while (!Thread.currentThread().isInterrupted()) {
            byte[] after = cursors.getOrDefault(shard, new byte[0]);
            MigrationResponse r = ask(stateMachine.previous().owner(shard), MigrationRequest.newBuilder()
                    .setRef(ref).setPullAfter(ByteString.copyFrom(after)).build());
            if (r == null) {
                return;
            }
            if (r.getEntriesCount() > 0) {
                propose(ShardCommand.newBuilder().setChunk(ShardChunk.newBuilder().setRef(ref)
                        .addAllEntries(r.getEntriesList())).build());
                cursors.put(shard, r.getEntries(r.getEntriesCount() - 1).getKey().toByteArray());
            }
            if (r.getLast()) {
                propose(ShardCommand.newBuilder().setReceived(ref).build());
                return;
            }
        }
    }

    private void confirmDeletion(ShardConfig current, int shard) {
        ShardRef ref = ref(current, shard);
        MigrationResponse r = ask(stateMachine.previous().owner(shard),
                MigrationRequest.newBuilder().setRef(ref).setDelete(true).build());
        if (r != null && r.getLast()) {
            propose(ShardCommand.newBuilder().setDeleteConfirmed(ref).build());
        }
    }

    private static ShardRef ref(ShardConfig current, int shard) {
        return ShardRef.newBuilder().setConfigNum(current.num()).setShard(shard).build();
    }

    /** Asks one server of group {@code source} (the next in turn); null when it could not answer OK. */
    private MigrationResponse ask(String source, MigrationRequest request) {
        List<NodeId> servers = stateMachine.previous().groups().get(source);
        if (servers == null || servers.isEmpty()) {
            return null;
        }
        int i = Math.floorMod(nextServer.getOrDefault(source, 0), servers.size());
        try {
            byte[] bytes = transport.request(servers.get(i), MigrationHandler.channel(source), request.toByteArray(),
                    STEP_TIMEOUT).get(STEP_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            MigrationResponse r = MigrationResponse.parseFrom(bytes);
            if (r.getStatus() == MigrationStatus.MIGRATION_STATUS_OK) {
                return r;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            logFailure(servers.get(i), source, e);
        }
        nextServer.put(source, i + 1);
        return null;
    }

    /**
     * A refused migration request (the other group's transport does not take this server as a peer of its cluster)
     * is a misconfiguration that retrying cannot fix: logged as a warning, at a limited rate. Other failures are
     * ordinary (a server down, a leader change) and retried quietly.
     */
    private void logFailure(NodeId server, String source, Exception e) {
        Throwable cause = GroupCall.unwrap(e);
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof AccessDeniedException) {
                LogLimiter.Permit p = refusals.tryAcquire();
                if (p.allowed()) {
                    LOG.warn("{}/{}: {} of group '{}' refused a migration request on peer channel '{}': {}; both "
                            + "groups must be servers of the same cluster{}", spec.groupId(), raft.self(), server,
                            source, MigrationHandler.channel(source), c.getMessage(), p.suppressedNote());
                }
                return;
            }
        }
        LOG.trace("{}: asking {} failed: {}", spec.groupId(), server, cause.toString());
    }

    /** Proposes {@code command} and waits for it to apply; throws when it does not. */
    private void propose(ShardCommand command) {
        try {
            raft.propose(command.toByteArray()).get(STEP_TIMEOUT.toMillis() * 4, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while proposing", e);
        } catch (Exception e) {
            throw new IllegalStateException("proposing " + command.getOpCase() + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

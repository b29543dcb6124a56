package io.eraft.raft;

import io.eraft.api.log.LogStoreException;
import io.eraft.api.raft.Membership;
import io.eraft.api.raft.Leadership;
import io.eraft.api.raft.MembershipChange;
import io.eraft.api.raft.MembershipListener;
import io.eraft.api.raft.RaftException;
import io.eraft.api.raft.RaftFailedException;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftNodeSpec;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.RaftStoppedException;
import io.eraft.api.raft.Role;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.RaftResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Raft member: the public face over the event loop. Calls from any thread become tasks on the loop; proposals
 * that arrive while the loop is busy are appended together as one batch. Every request from a peer passes
 * {@link Admission} on the transport thread, before it reaches the loop; a refused one is answered with an
 * {@link AccessDeniedException} and changes nothing.
 */
final class RaftNodeImpl implements RaftNode {
    private static final Runnable NOTHING = () -> { };

    private final RaftNodeSpec spec;
    private final EventLoop loop;
    private final ExecutorService snapshotIo;
    private final Context ctx;
    private final RaftCore core;
    private final Queue<Leader.Proposal> proposalQueue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Counts a ReadIndex request refused because this member is stopped or does not lead. */
    private final Runnable readIndexRefused;
    private volatile boolean started;
    private volatile boolean closed;
    private ScheduledFuture<?> ticks;

    RaftNodeImpl(RaftNodeSpec spec) {
        this.spec = spec;
        String name = spec.groupId() + "/" + spec.self();
        this.loop = new EventLoop("raft-" + name);
        this.snapshotIo = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "raft-" + name + "-snapshot");
            t.setDaemon(true);
            return t;
        });
        this.ctx = new Context(spec, loop, snapshotIo);
        this.readIndexRefused = ctx.metrics::readIndexFailed;
        ProposalTracker proposals = new ProposalTracker(ctx.metrics);
        this.core = new RaftCore(ctx, listener -> new Applier(ctx.name, spec.log(), spec.stateMachine(), proposals,
                spec.config().maxAppendBytes(), spec.config().snapshotThresholdBytes(), listener, ctx.metrics),
                proposals, spec.workDir());
        loop.onError(e -> core.fail("unexpected error in the Raft event loop", e));
    }

    @Override
    public String groupId() {
        return spec.groupId();
    }

    @Override
    public NodeId self() {
        return spec.self();
    }

    @Override
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException(ctx.name + " was already started");
        }
        CompletableFuture<Void> recovered = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                core.start();
                recovered.complete(null);
            } catch (RuntimeException e) {
                recovered.completeExceptionally(e);
            }
        });
        try {
            recovered.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof RuntimeException r ? r : new RaftException(ctx.name + " failed to start", e);
        } catch (InterruptedException | TimeoutException e) {
            close();
            throw new RaftException(ctx.name + " failed to start", e);
        }
        spec.transport().register(ctx.channel, (from, payload) -> {
            RaftRequest request;
            try {
                request = Wire.parseRequest(payload);
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(e);
            }
            String refusal = ctx.admission.check(from, request);
            if (refusal != null) {
                return CompletableFuture.failedFuture(new AccessDeniedException(ctx.name + " refused the Raft "
                        + "message of " + from + ": " + refusal));
            }
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            loop.execute(() -> {
                CompletableFuture<RaftResponse> handled;
                try {
                    handled = core.handle(from, request);
                } catch (RuntimeException | Error e) {
                    reply.completeExceptionally(e); // answered; the loop's error handler stops the member
                    throw e;
                }
                handled.whenComplete((r, e) -> {
                    if (e != null) {
                        reply.completeExceptionally(e);
                    } else {
                        reply.complete(ctx.stamp(r).toByteArray());
                    }
                });
            });
            return reply;
        });
        ticks = loop.scheduleTicks(core::tick, spec.config().tick().toNanos());
        started = true;
    }

    @Override
    public CompletableFuture<byte[]> propose(byte[] command) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        if (closed) {
            ctx.metrics.proposalsRefused(RaftMetrics.FailureReason.STOPPED, 1);
            f.completeExceptionally(new RaftStoppedException(ctx.name + " is stopped"));
            return f;
        }
        proposalQueue.add(new Leader.Proposal(command, f));
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drainProposals);
        }
        return f;
    }

    private void drainProposals() {
        drainScheduled.set(false);
        List<Leader.Proposal> batch = new ArrayList<>();
        Leader.Proposal p;
        while ((p = proposalQueue.poll()) != null) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        Leader leader = core.leaderState();
        if (leader == null) {
            RuntimeException e = core.notLeader();
            ctx.metrics.proposalsRefused(RaftMetrics.FailureReason.of(e), batch.size());
            batch.forEach(x -> x.future().completeExceptionally(e));
            return;
        }
        leader.propose(batch);
    }

    @Override
    public CompletableFuture<Void> termination() {
        return core.termination();
    }

    @Override
    public CompletableFuture<Long> readIndex() {
        long start = ctx.metrics.now();
        ctx.metrics.readIndexRequested();
        CompletableFuture<Long> f = new CompletableFuture<>();
        onLeader(f, readIndexRefused, leader -> leader.readIndex(f, start));
        return f;
    }

    @Override
    public CompletableFuture<Void> transferLeadership(NodeId target) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        onLeader(f, NOTHING, leader -> leader.transfer(target, f));
        return f;
    }

    @Override
    public CompletableFuture<Membership> changeMembership(MembershipChange change, long expectedConfigIndex) {
        Objects.requireNonNull(change, "change");
        CompletableFuture<Membership> f = new CompletableFuture<>();
        onLeader(f, NOTHING, leader -> leader.changeMembership(change, expectedConfigIndex, f));
        return f;
    }

    @Override
    public void addMembershipListener(MembershipListener listener) {
        core.addMembershipListener(listener);
    }

    /**
     * Runs {@code action} on the loop with the leader's state; fails {@code f} if this member is stopped or does not
     * lead, after running {@code refused}.
     */
    private void onLeader(CompletableFuture<?> f, Runnable refused, java.util.function.Consumer<Leader> action) {
        if (closed) {
            refused.run();
            f.completeExceptionally(new RaftStoppedException(ctx.name + " is stopped"));
            return;
        }
        loop.execute(() -> {
            Leader leader = core.leaderState();
            if (leader == null) {
                refused.run();
                f.completeExceptionally(core.notLeader());
            } else {
                action.accept(leader);
            }
        });
    }

    @Override
    public Leadership leadership() {
        Standing standing = core.standing(); // one consistent term, role and leader
        return new Leadership(standing.term(), reported(standing), standing.leader());
    }

    /** The role {@code standing} reports: a closed member that did not fail is stopped. */
    private Role reported(Standing standing) {
        return closed && standing.role() != Role.FAILED ? Role.STOPPED : standing.role();
    }

    @Override
    public RaftStatus status() {
        Standing standing = core.standing(); // one consistent term, role and leader
        Role role = reported(standing);
        long first = 0;
        long last = 0;
        long snapshot = 0;
        long bytes = 0;
        try {
            first = spec.log().firstIndex();
            last = spec.log().lastIndex();
            snapshot = spec.log().snapshotMeta().index();
            bytes = spec.log().sizeInBytes();
        } catch (LogStoreException e) {
            // The log was closed under a stopped member: report the member without its log figures.
            role = role == Role.FAILED ? Role.FAILED : Role.STOPPED;
        }
        RaftFailedException failure = core.failure();
        return new RaftStatus(spec.self(), role, standing.term(), standing.leader(), core.commitIndex(), core.applied(),
                first, last, snapshot, bytes, failure == null ? null : failure.getMessage(), core.recovering(),
                core.membership(), role == Role.LEADER ? core.matchIndexes() : Map.of());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (started) {
            spec.transport().unregister(ctx.channel);
        }
        if (ticks != null) {
            ticks.cancel(false);
        }
        loop.close();
        snapshotIo.shutdownNow();
        RaftStoppedException stopped = new RaftStoppedException(ctx.name + " is stopped");
        core.stop(stopped);
        Leader.Proposal p;
        while ((p = proposalQueue.poll()) != null) {
            ctx.metrics.proposalsRefused(RaftMetrics.FailureReason.STOPPED, 1);
            p.future().completeExceptionally(stopped);
        }
        core.applier().close();
    }

    @Override
    public String toString() {
        return "RaftNode[" + ctx.name + "]";
    }
}

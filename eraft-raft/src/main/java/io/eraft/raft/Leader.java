package io.eraft.raft;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogCompactedException;
import io.eraft.api.log.LogEntry;
import io.eraft.api.raft.ProposalRejectedException;
import io.eraft.api.raft.RaftException;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.proto.AppendRequest;
import io.eraft.raft.proto.AppendResponse;
import io.eraft.raft.proto.HeartbeatRequest;
import io.eraft.raft.proto.HeartbeatResponse;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.RaftResponse;
import io.eraft.raft.proto.TimeoutNowRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The leader's work for one term: replication to each follower (probe, then pipelined batches, or a snapshot),
 * the commit index, heartbeats, check-quorum, ReadIndex rounds and leadership transfer. Created when the member
 * wins an election and dropped when it steps down. Runs only on the event loop.
 *
 * <p>A transfer is announced before it happens: while it runs, every append and heartbeat names the target, and
 * TimeoutNow goes to the target only once it is caught up and enough members acknowledged the announcement that,
 * with this leader and the target, they form a majority. Voters honour the target's transfer vote only when their
 * leader announced it ({@link TransferAnnouncement}).
 */
final class Leader {
    private static final Logger LOG = LoggerFactory.getLogger(Leader.class);

    /** A proposal handed to the leader: the command and its proposer's future. */
    record Proposal(byte[] command, CompletableFuture<byte[]> future) {
    }

    private record Transfer(NodeId target, CompletableFuture<Void> future, long deadlineTick) {
    }

    private final Context ctx;
    private final RaftCore core;
    private final long term;
    private final Map<NodeId, Progress> progress = new LinkedHashMap<>();
    private final Map<NodeId, SnapshotSender> snapshots = new LinkedHashMap<>();
    private final ReadIndexQueue reads;
    private long firstIndexOfTerm;
    private int heartbeatElapsed;
    private int quorumElapsed;
    private Transfer transfer;
    /** Members (not the target) that acknowledged a message announcing the current transfer. */
    private final Set<NodeId> announcedTo = new HashSet<>();
    private boolean active = true;

    Leader(Context ctx, RaftCore core, long term) {
        this.ctx = ctx;
        this.core = core;
        this.term = term;
        this.reads = new ReadIndexQueue();
    }

    boolean active() {
        return active;
    }

    long term() {
        return term;
    }

    /** The member leadership is being transferred to, or null. */
    NodeId transferTarget() {
        return transfer == null ? null : transfer.target();
    }

    /** Appends the term's no-op entry and starts probing every follower. */
    void start() {
        long next = ctx.log.lastIndex() + 1;
        for (NodeId peer : ctx.peers) {
            progress.put(peer, new Progress(next));
        }
        firstIndexOfTerm = next;
        core.appendLocal(List.of(new LogEntry(next, term, EntryType.NOOP, new byte[0])));
        broadcastAppend();
        maybeCommit();
    }

    /** Leadership is over: fails what waits on it. Returns a transfer still to be watched, or null. */
    RaftCore.TransferWatch stepDown(RuntimeException cause) {
        active = false;
        snapshots.values().forEach(SnapshotSender::cancel);
        snapshots.clear();
        core.proposals().failAll(() -> cause);
        reads.failAll(cause);
        if (transfer == null) {
            return null;
        }
        Transfer t = transfer;
        transfer = null;
        return core.watchTransfer(t.target(), t.future());
    }

    // ---------------------------------------------------------------- proposals

    void propose(List<Proposal> batch) {
        if (transfer != null) {
            RuntimeException e = new ProposalRejectedException(ctx.name + ": leadership is being transferred to "
                    + transfer.target() + "; retry there");
            batch.forEach(p -> p.future().completeExceptionally(e));
            return;
        }
        long index = ctx.log.lastIndex();
        List<LogEntry> entries = new ArrayList<>(batch.size());
        int max = ctx.config.maxPendingProposals();
        for (Proposal p : batch) {
            if (core.proposals().size() >= max) {
                p.future().completeExceptionally(new ProposalRejectedException(ctx.name + ": " + max
                        + " proposals are already waiting to commit; slow down"));
                continue;
            }
            if (p.command().length > ctx.config.maxAppendBytes()) {
                p.future().completeExceptionally(new ProposalRejectedException(ctx.name + ": a command of "
                        + p.command().length + " bytes is larger than raft.max-append-bytes ("
                        + ctx.config.maxAppendBytes() + ")"));
                continue;
            }
            index++;
            entries.add(new LogEntry(index, term, EntryType.COMMAND, p.command()));
            core.proposals().add(index, term, p.future());
        }
        if (entries.isEmpty()) {
            return;
        }
        core.appendLocal(entries);
        for (NodeId peer : ctx.peers) {
            replicate(peer);
        }
    }

    // ---------------------------------------------------------------- time

    void tick() {
        heartbeatElapsed++;
        quorumElapsed++;
        if (heartbeatElapsed >= ctx.config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            broadcastHeartbeat();
        }
        if (transfer != null && core.ticks() > transfer.deadlineTick()) {
            transfer.future().completeExceptionally(new RaftException(ctx.name + ": leadership transfer to "
                    + transfer.target() + " timed out (the target did not catch up or win in time)"));
            transfer = null;
        }
        if (quorumElapsed >= ctx.config.electionTicks()) {
            quorumElapsed = 0;
            if (ctx.config.checkQuorum()) {
                int activeVoters = 1;
                for (Progress p : progress.values()) {
                    if (p.recentActive) {
                        activeVoters++;
                    }
                    p.recentActive = false;
                }
                if (activeVoters < Quorum.majority(ctx.voters)) {
                    LOG.info("{}: only {} of {} members answered within an election timeout; stepping down",
                            ctx.name, activeVoters, ctx.voters);
                    core.becomeFollower(term, null);
                }
            }
        }
    }

    // ---------------------------------------------------------------- replication

    private void broadcastAppend() {
        for (NodeId peer : ctx.peers) {
            sendAppend(peer, progress.get(peer), true);
        }
    }

    /** Sends what the window allows to {@code peer}. */
    void replicate(NodeId peer) {
        Progress p = progress.get(peer);
        long before;
        do {
            before = p.next;
            if (!sendAppend(peer, p, false)) {
                return;
            }
        } while (p.state == Progress.State.REPLICATE && p.next > before);
    }

    /** Sends one AppendEntries if the follower's state allows; returns whether one was sent. */
    private boolean sendAppend(NodeId peer, Progress p, boolean allowEmpty) {
        if (!active) {
            return false;
        }
        switch (p.state) {
            case SNAPSHOT:
                return false;
            case PROBE:
                if (p.inflight > 0 && core.ticks() - p.lastSendTick < ctx.config.heartbeatTicks()) {
                    return false;
                }
                break;
            default:
                if (p.inflight >= ctx.config.maxInflightAppends() || p.inflightBytes >= ctx.config.maxInflightBytes()) {
                    return false;
                }
        }
        long last = ctx.log.lastIndex();
        if (p.next > last && !allowEmpty) {
            return false;
        }
        long prev = p.next - 1;
        long prevTerm;
        List<LogEntry> entries;
        try {
            prevTerm = ctx.log.term(prev);
            entries = p.next <= last ? ctx.log.entries(p.next, last + 1, ctx.config.maxAppendBytes()) : List.of();
        } catch (LogCompactedException e) {
            startSnapshot(peer, p);
            return false;
        }
        AppendRequest.Builder b = AppendRequest.newBuilder().setTerm(term).setLeader(ctx.self.value())
                .setPrevLogIndex(prev).setPrevLogTerm(prevTerm).setLeaderCommit(core.commitIndex());
        NodeId announced = transferTarget();
        if (announced != null) {
            b.setTransferTo(announced.value());
        }
        long bytes = 0;
        for (LogEntry e : entries) {
            b.addEntries(Wire.toWire(e));
            bytes += e.sizeInBytes();
        }
        long sentBytes = bytes;
        int count = entries.size();
        p.inflight++;
        p.inflightBytes += bytes;
        p.lastSendTick = core.ticks();
        if (p.state == Progress.State.REPLICATE && count > 0) {
            p.next = prev + count + 1;
        }
        ctx.send(peer, ctx.request().setAppend(b).build(), ctx.rpcTimeout,
                (resp, err) -> onAppendResponse(peer, p, prev, sentBytes, announced, resp, err));
        return true;
    }

    private void onAppendResponse(NodeId peer, Progress p, long prevIndex, long bytes, NodeId announced,
                                  RaftResponse resp, Throwable err) {
        if (resp != null && resp.hasAppend() && resp.getAppend().getTerm() > core.term()) {
            core.becomeFollower(resp.getAppend().getTerm(), null);
            return;
        }
        if (!active) {
            return;
        }
        p.inflight--;
        p.inflightBytes -= bytes;
        if (err != null || !resp.hasAppend()) {
            if (p.state == Progress.State.REPLICATE) {
                p.becomeProbe();
            }
            return;
        }
        p.recentActive = true;
        AppendResponse r = resp.getAppend();
        announcementAcknowledged(peer, announced);
        if (r.getBusy()) {
            return;
        }
        if (r.getRepaired() && r.getIncarnation() != p.matchIncarnation) {
            forgetLostMatch(peer, p, r.getIncarnation(), r.getSuccess() ? r.getMatchIndex() : r.getConflictIndex() - 1);
        }
        if (r.getSuccess()) {
            if (p.updateMatch(r.getMatchIndex()) || p.matchIncarnation == 0) {
                p.matchIncarnation = r.getIncarnation();
            }
            if (p.state == Progress.State.PROBE) {
                p.becomeReplicate();
            }
            maybeCommit();
            maybeSendTimeoutNow(peer, p);
            replicate(peer);
            return;
        }
        if (prevIndex < p.match) {
            return; // a stale rejection from before the follower caught up
        }
        long next = r.getConflictIndex();
        if (r.getConflictTerm() == 0 && next <= p.match) {
            if (r.getIncarnation() == p.matchIncarnation) {
                return; // reordered: rejected before an append that it then acknowledged
            }
            // The follower restarted and its log ends before what it acknowledged: it lost entries (a disk that
            // did not keep an fsynced write, or a log run without fsync). Replicate them again.
            LOG.warn("{}: {} acknowledged up to {} but after a restart its log ends at {}; re-replicating",
                    ctx.name, peer, p.match, next - 1);
            p.match = next - 1;
            p.matchIncarnation = r.getIncarnation();
        }
        if (r.getConflictTerm() > 0) {
            long ours = LogMatcher.lastIndexOfTerm(ctx.log, r.getConflictTerm(), prevIndex);
            if (ours > 0) {
                next = ours + 1;
            }
        }
        p.state = Progress.State.PROBE;
        p.next = Math.max(p.match + 1, Math.min(next, prevIndex));
        sendAppend(peer, p, true);
    }

    /**
     * {@code peer} restarted from a repaired log ({@code incarnation}): what it acknowledged before may be gone, so
     * its match drops to what it still holds, at most {@code held} (its surviving log is a prefix of the one that
     * acknowledged, so what matched there still matches), and replication probes from there.
     */
    private void forgetLostMatch(NodeId peer, Progress p, long incarnation, long held) {
        long before = p.match;
        p.match = Math.max(0, Math.min(p.match, held));
        p.matchIncarnation = incarnation;
        if (p.state == Progress.State.REPLICATE) {
            p.becomeProbe();
        }
        if (p.match < before) {
            LOG.warn("{}: {} restarted from a repaired log; it acknowledged up to {} but holds at most {} now; "
                    + "it counts for no entry it has not got back", ctx.name, peer, before, p.match);
        }
    }

    void localDurable(long durableIndex) {
        maybeCommit();
    }

    private void maybeCommit() {
        long[] matches = new long[ctx.voters];
        int i = 0;
        matches[i++] = core.durableIndex();
        for (Progress p : progress.values()) {
            matches[i++] = p.match;
        }
        long candidate = Quorum.committed(matches);
        // Only entries of the current term commit by counting replicas (Raft §5.4.2).
        if (candidate > core.commitIndex() && candidate >= firstIndexOfTerm && ctx.log.term(candidate) == term) {
            core.commitTo(candidate);
            reads.termCommitted(core.commitIndex(), this::startReadRound);
        }
    }

    // ---------------------------------------------------------------- snapshots

    private void startSnapshot(NodeId peer, Progress p) {
        p.state = Progress.State.SNAPSHOT;
        SnapshotSender sender = new SnapshotSender(ctx, core, term, peer, (index, ok) -> {
            snapshots.remove(peer);
            if (!active || p.state != Progress.State.SNAPSHOT) {
                return;
            }
            if (ok) {
                p.updateMatch(index);
                p.becomeReplicate();
                LOG.info("{}: {} installed the snapshot through {}", ctx.name, peer, index);
                if (p.next > ctx.log.lastIndex()) {
                    // Nothing after the snapshot: an empty append still confirms the follower's log matches up to
                    // here (which ends the recovery of a member that lost entries).
                    sendAppend(peer, p, true);
                } else {
                    replicate(peer);
                }
            } else {
                p.becomeProbe();
            }
        });
        snapshots.put(peer, sender);
        sender.start();
    }

    // ---------------------------------------------------------------- heartbeats and ReadIndex

    private void broadcastHeartbeat() {
        long seq = reads.currentSeq();
        NodeId announced = transferTarget();
        for (NodeId peer : ctx.peers) {
            Progress p = progress.get(peer);
            HeartbeatRequest.Builder hb = HeartbeatRequest.newBuilder().setTerm(term).setLeader(ctx.self.value())
                    .setCommit(Math.min(core.commitIndex(), p.match)).setReadSeq(seq);
            if (announced != null) {
                hb.setTransferTo(announced.value());
            }
            ctx.send(peer, ctx.request().setHeartbeat(hb).build(), ctx.rpcTimeout,
                    (resp, err) -> onHeartbeatResponse(peer, p, announced, resp, err));
        }
    }

    private void onHeartbeatResponse(NodeId peer, Progress p, NodeId announced, RaftResponse resp, Throwable err) {
        if (err != null || !resp.hasHeartbeat()) {
            return;
        }
        HeartbeatResponse r = resp.getHeartbeat();
        if (r.getTerm() > core.term()) {
            core.becomeFollower(r.getTerm(), null);
            return;
        }
        if (!active || !r.getOk()) {
            return;
        }
        p.recentActive = true;
        if (r.getRepaired() && r.getIncarnation() != p.matchIncarnation) {
            forgetLostMatch(peer, p, r.getIncarnation(), r.getLastLogIndex());
        }
        announcementAcknowledged(peer, announced);
        if (r.getReadSeq() > p.ackedReadSeq) {
            p.ackedReadSeq = r.getReadSeq();
            confirmReads();
        }
        long last = ctx.log.lastIndex();
        if (p.state == Progress.State.REPLICATE && r.getLastLogIndex() < p.next - 1
                && core.ticks() - p.lastSendTick >= 2L * ctx.config.heartbeatTicks()) {
            // An append was lost on the way: probe again from what is known to match.
            p.becomeProbe();
        }
        if (p.match < last) {
            sendAppend(peer, p, false);
        }
    }

    /** ReadIndex: completes with the commit index once leadership is confirmed and the entry applied here. */
    void readIndex(CompletableFuture<Long> future) {
        reads.add(future, core.commitIndex() >= firstIndexOfTerm, core.commitIndex(), this::startReadRound);
    }

    private void startReadRound(long seq) {
        if (ctx.peers.isEmpty()) {
            confirmReads();
            return;
        }
        heartbeatElapsed = 0;
        broadcastHeartbeat();
    }

    private void confirmReads() {
        long[] acks = new long[ctx.voters];
        int i = 0;
        acks[i++] = reads.currentSeq();
        for (Progress p : progress.values()) {
            acks[i++] = p.ackedReadSeq;
        }
        reads.confirmed(Quorum.committed(acks), core.commitIndex(), core.applied(), this::startReadRound);
    }

    void applied(long index) {
        reads.applied(index);
    }

    // ---------------------------------------------------------------- leadership transfer

    void transfer(NodeId target, CompletableFuture<Void> future) {
        if (target.equals(ctx.self)) {
            future.complete(null);
            return;
        }
        Progress p = progress.get(target);
        if (p == null) {
            future.completeExceptionally(new IllegalArgumentException(target + " is not a member of " + ctx.name));
            return;
        }
        if (transfer != null) {
            future.completeExceptionally(new RaftException(ctx.name + ": a transfer to " + transfer.target()
                    + " is already in progress"));
            return;
        }
        transfer = new Transfer(target, future, core.ticks() + ctx.config.electionTicks());
        announcedTo.clear();
        LOG.info("{}: transferring leadership to {}", ctx.name, target);
        // Announce it to every member at once (the target gets an append, which names it too, below).
        heartbeatElapsed = 0;
        broadcastHeartbeat();
        if (!maybeSendTimeoutNow(target, p)) {
            sendAppend(target, p, true);
        }
    }

    /** {@code peer} acknowledged a message that announced a transfer to {@code announced}. */
    private void announcementAcknowledged(NodeId peer, NodeId announced) {
        if (transfer == null || announced == null || !announced.equals(transfer.target())
                || peer.equals(announced) || !announcedTo.add(peer)) {
            return;
        }
        maybeSendTimeoutNow(announced, progress.get(announced));
    }

    private boolean maybeSendTimeoutNow(NodeId peer, Progress p) {
        if (transfer == null || !transfer.target().equals(peer) || p.match < ctx.log.lastIndex()) {
            return false;
        }
        // This leader and the target grant the target's transfer vote; the rest of a majority must know of it.
        if (announcedTo.size() + 2 < Quorum.majority(ctx.voters)) {
            return false;
        }
        RaftRequest req = ctx.request().setTimeoutNow(TimeoutNowRequest.newBuilder().setTerm(term)
                .setLeader(ctx.self.value())).build();
        ctx.send(peer, req, ctx.rpcTimeout, (resp, err) -> {
        });
        return true;
    }
}

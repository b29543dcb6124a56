package io.eraft.raft;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogCompactedException;
import io.eraft.api.log.LogEntry;
import io.eraft.api.raft.Membership;
import io.eraft.api.raft.MembershipChange;
import io.eraft.api.raft.MembershipChangeException;
import io.eraft.api.raft.MembershipChangeException.Reason;
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
import java.util.TreeMap;
import java.util.TreeSet;
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
 *
 * <p>Membership: it replicates to every other member of the current configuration, voters and learners, but counts
 * only voters (itself only while it is one) for commit, check-quorum, ReadIndex and transfers. A configuration
 * change is appended only once an entry of this term committed, and only when the previous change's entry has
 * committed. A leader that is not in its configuration any more hands leadership to the most up-to-date voter, and
 * steps down, once that configuration commits.
 */
final class Leader {
    private static final Logger LOG = LoggerFactory.getLogger(Leader.class);

    /** A proposal handed to the leader: the command and its proposer's future. */
    record Proposal(byte[] command, CompletableFuture<byte[]> future) {
    }

    private record Transfer(NodeId target, CompletableFuture<Void> future, long deadlineTick) {
    }

    /** A membership change waiting for this term's first entry to commit. */
    private record WaitingChange(MembershipChange change, long expectedIndex, CompletableFuture<Membership> future) {
    }

    private final Context ctx;
    private final RaftCore core;
    private final long term;
    private final Map<NodeId, Progress> progress = new LinkedHashMap<>();
    private final Map<NodeId, SnapshotSender> snapshots = new LinkedHashMap<>();
    private final ReadIndexQueue reads;
    private final LeaderLease lease;
    private long firstIndexOfTerm;
    private int heartbeatElapsed;
    private int quorumElapsed;
    private Transfer transfer;
    /** Members (not the target) that acknowledged a message announcing the current transfer. */
    private final Set<NodeId> announcedTo = new HashSet<>();
    private boolean active = true;
    private final List<WaitingChange> waitingChanges = new ArrayList<>();
    /** Set once this leader, removed from the configuration, started handing leadership over. */
    private boolean handingOver;

    Leader(Context ctx, RaftCore core, long term) {
        this.ctx = ctx;
        this.core = core;
        this.term = term;
        this.reads = new ReadIndexQueue(ctx.metrics);
        this.lease = new LeaderLease(ctx.config.leaseRead(), ctx.config.leaseNanos(), ctx.spec.nanoClock());
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
        for (NodeId peer : ctx.peers()) {
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
        waitingChanges.forEach(w -> w.future().completeExceptionally(cause));
        waitingChanges.clear();
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
            ctx.metrics.proposalsRefused(RaftMetrics.FailureReason.REJECTED, batch.size());
            batch.forEach(p -> p.future().completeExceptionally(e));
            return;
        }
        long index = ctx.log.lastIndex();
        List<LogEntry> entries = new ArrayList<>(batch.size());
        int max = ctx.config.maxPendingProposals();
        for (Proposal p : batch) {
            if (core.proposals().size() >= max) {
                ctx.metrics.proposalsRefused(RaftMetrics.FailureReason.REJECTED, 1);
                p.future().completeExceptionally(new ProposalRejectedException(ctx.name + ": " + max
                        + " proposals are already waiting to commit; slow down"));
                continue;
            }
            if (p.command().length > ctx.config.maxAppendBytes()) {
                ctx.metrics.proposalsRefused(RaftMetrics.FailureReason.REJECTED, 1);
                p.future().completeExceptionally(new ProposalRejectedException(ctx.name + ": a command of "
                        + p.command().length + " bytes is larger than raft.max-append-bytes ("
                        + ctx.config.maxAppendBytes() + ")"));
                continue;
            }
            index++;
            entries.add(new LogEntry(index, term, EntryType.COMMAND, p.command()));
            core.proposals().addProposal(index, term, p.future());
        }
        if (entries.isEmpty()) {
            return;
        }
        core.appendLocal(entries);
        for (NodeId peer : List.copyOf(progress.keySet())) {
            replicate(peer);
        }
    }

    // ---------------------------------------------------------------- membership

    /**
     * Changes the configuration by {@code change} if it still is the one at {@code expectedIndex}: appends the new
     * configuration (in effect at once) and completes {@code future} with it once its entry is applied here.
     */
    void changeMembership(MembershipChange change, long expectedIndex, CompletableFuture<Membership> future) {
        if (core.commitIndex() < firstIndexOfTerm) {
            // Raft thesis §4.1 fix: no change before an entry of this term (the no-op) committed.
            waitingChanges.add(new WaitingChange(change, expectedIndex, future));
            return;
        }
        if (transfer != null || handingOver) {
            future.completeExceptionally(new ProposalRejectedException(ctx.name + ": leadership is being "
                    + "transferred" + (transfer == null ? "" : " to " + transfer.target()) + "; retry there"));
            return;
        }
        Membership current = ctx.configs.current();
        Membership next;
        try {
            next = changed(current, change, expectedIndex);
        } catch (MembershipChangeException e) {
            LOG.info("{}: refused membership change {}: {}", ctx.name, change, e.getMessage());
            future.completeExceptionally(e);
            return;
        }
        long index = next.index();
        LOG.info("{}: appending membership change {} at {}: {}", ctx.name, change, index, next);
        CompletableFuture<byte[]> applied = new CompletableFuture<>();
        core.proposals().addMembershipChange(index, term, applied);
        applied.whenComplete((v, e) -> {
            if (e != null) {
                future.completeExceptionally(e);
            } else {
                future.complete(next);
            }
        });
        core.appendLocal(List.of(new LogEntry(index, term, EntryType.NOOP, Configurations.encode(next))));
        for (NodeId peer : List.copyOf(progress.keySet())) {
            replicate(peer);
        }
        maybeCommit();
    }

    /** The configuration after {@code change}, at the next index; or why it is refused. */
    private Membership changed(Membership current, MembershipChange change, long expectedIndex) {
        NodeId member = change.member();
        if (current.index() > core.commitIndex()) {
            throw refusal(Reason.CHANGE_IN_PROGRESS, current, "the change at index " + current.index()
                    + " is not committed yet (commit index " + core.commitIndex() + "); one change at a time");
        }
        if (expectedIndex != current.index()) {
            throw refusal(Reason.STALE_CONFIGURATION, current, "expected the configuration at index "
                    + expectedIndex + " but it is at " + current.index() + ": " + current);
        }
        Set<NodeId> voters = new TreeSet<>(current.voters());
        Set<NodeId> learners = new TreeSet<>(current.learners());
        Map<NodeId, String> addresses = new TreeMap<>(current.addresses());
        switch (change.type()) {
            case ADD_LEARNER -> {
                if (current.contains(member)) {
                    throw refusal(Reason.MEMBER_EXISTS, current, member + " is already a "
                            + (current.isVoter(member) ? "voter" : "learner"));
                }
                learners.add(member);
                if (change.address() != null) {
                    addresses.put(member, change.address());
                }
            }
            case PROMOTE -> {
                if (current.isVoter(member)) {
                    throw refusal(Reason.MEMBER_EXISTS, current, member + " is already a voter");
                }
                if (!current.isLearner(member)) {
                    throw refusal(Reason.UNKNOWN_MEMBER, current, member + " is not a learner of the group "
                            + "(add it as a learner first)");
                }
                Progress p = progress.get(member);
                long last = ctx.log.lastIndex();
                long match = p == null ? 0 : p.match;
                if (p == null || p.state == Progress.State.SNAPSHOT || last - match > ctx.config.maxPromotionLag()) {
                    throw refusal(Reason.LEARNER_LAGGING, current, member + " has the log up to " + match
                            + ", the leader's ends at " + last + "; it may be promoted once it is within "
                            + ctx.config.maxPromotionLag() + " entries (maxPromotionLag)");
                }
                // Every voter must hold a configuration that names the learner (the current one, committed), or it
                // would refuse the learner's messages as a non-member's should the learner lead.
                for (NodeId v : current.voters()) {
                    Progress vp = progress.get(v);
                    if (!v.equals(ctx.self) && (vp == null || vp.match < current.index())) {
                        throw refusal(Reason.VOTER_LAGGING, current, "voter " + v + " has the log up to "
                                + (vp == null ? 0 : vp.match) + ", before the configuration at " + current.index()
                                + " that made " + member + " a member; it would refuse " + member + " as leader. "
                                + "Wait for it to catch up, or remove it first if it is down");
                    }
                }
                learners.remove(member);
                voters.add(member);
            }
            case REMOVE -> {
                if (!current.contains(member)) {
                    throw refusal(Reason.UNKNOWN_MEMBER, current, member + " is not a member of the group");
                }
                if (current.isVoter(member) && current.voters().size() == 1) {
                    throw refusal(Reason.LAST_VOTER, current, member + " is the group's last voter");
                }
                voters.remove(member);
                learners.remove(member);
                addresses.remove(member);
            }
            default -> throw new IllegalArgumentException("unknown change " + change.type());
        }
        Membership next = new Membership(ctx.log.lastIndex() + 1, voters, learners, addresses);
        if (change.requireLiveQuorum()) {
            int live = 0;
            for (NodeId v : next.voters()) {
                if (v.equals(ctx.self) || heardWithinElectionTimeout(progress.get(v))) {
                    live++;
                }
            }
            if (live < Quorum.majority(next.voters().size())) {
                throw refusal(Reason.NO_LIVE_QUORUM, current, "only " + live + " of the " + next.voters().size()
                        + " voters of " + next + " answered within an election timeout; a majority is needed");
            }
        }
        return next;
    }

    private boolean heardWithinElectionTimeout(Progress p) {
        return p != null && core.ticks() - p.lastHeardTick <= ctx.config.electionTicks();
    }

    private MembershipChangeException refusal(Reason reason, Membership current, String why) {
        return new MembershipChangeException(reason, current, ctx.name + ": membership change refused ("
                + reason + "): " + why);
    }

    /** The configuration in effect changed: replicate to who is in it now, stop replicating to who is not. */
    void membershipChanged(Membership m) {
        long next = ctx.log.lastIndex(); // the configuration entry: a probe carries it
        for (NodeId peer : List.copyOf(progress.keySet())) {
            if (!m.contains(peer)) {
                progress.remove(peer);
                SnapshotSender s = snapshots.remove(peer);
                if (s != null) {
                    s.cancel();
                }
                announcedTo.remove(peer);
                if (transfer != null && transfer.target().equals(peer)) {
                    transfer.future().completeExceptionally(new RaftException(ctx.name + ": leadership transfer "
                            + "to " + peer + " abandoned: it left the configuration"));
                    transfer = null;
                }
            }
        }
        for (NodeId peer : m.members()) {
            if (!peer.equals(ctx.self) && !progress.containsKey(peer)) {
                Progress p = new Progress(next);
                progress.put(peer, p);
                sendAppend(peer, p, true);
            }
        }
        publishMatches();
    }

    /** Publishes each member's match index for status readers on other threads. */
    private void publishMatches() {
        Map<NodeId, Long> view = new LinkedHashMap<>();
        progress.forEach((peer, p) -> view.put(peer, p.match));
        core.publishMatches(Map.copyOf(view));
    }

    /** Runs the changes that waited for this term's first entry to commit. */
    private void runWaitingChanges() {
        if (waitingChanges.isEmpty() || core.commitIndex() < firstIndexOfTerm) {
            return;
        }
        List<WaitingChange> ready = List.copyOf(waitingChanges);
        waitingChanges.clear();
        for (WaitingChange w : ready) {
            changeMembership(w.change(), w.expectedIndex(), w.future());
        }
    }

    /**
     * A leader outside its configuration leads only until that configuration commits; then it hands leadership to
     * the most up-to-date voter and steps down once that one leads (or the transfer fails).
     */
    private void maybeHandOver() {
        Membership m = ctx.configs.current();
        // Once applied, so that the change's own caller is answered before this leader steps down.
        if (!active || handingOver || m.isVoter(ctx.self) || core.applied() < m.index()) {
            return;
        }
        handingOver = true;
        lease.forfeit();
        NodeId best = null;
        long bestMatch = -1;
        for (NodeId v : m.voters()) {
            Progress p = progress.get(v);
            if (p != null && p.match > bestMatch) {
                best = v;
                bestMatch = p.match;
            }
        }
        LOG.info("{}: the configuration {} without this member committed; handing leadership to {}", ctx.name, m,
                best);
        if (best == null) {
            core.becomeFollower(term, null);
            return;
        }
        if (transfer != null) {
            transfer.future().completeExceptionally(new RaftException(ctx.name + ": leadership transfer to "
                    + transfer.target() + " replaced: this leader was removed from the group"));
            transfer = null;
        }
        CompletableFuture<Void> handedOver = new CompletableFuture<>();
        handedOver.whenComplete((v, e) -> ctx.loop.execute(() -> {
            if (active) {
                core.becomeFollower(term, null); // the transfer failed: step down and let the voters elect
            }
        }));
        transfer(best, handedOver);
    }

    // ---------------------------------------------------------------- time

    void tick() {
        heartbeatElapsed++;
        quorumElapsed++;
        if (heartbeatElapsed >= ctx.config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            broadcastHeartbeat();
        }
        publishMatches();
        if (transfer != null && core.ticks() > transfer.deadlineTick()) {
            transfer.future().completeExceptionally(new RaftException(ctx.name + ": leadership transfer to "
                    + transfer.target() + " timed out (the target did not catch up or win in time)"));
            transfer = null;
        }
        if (quorumElapsed >= ctx.config.electionTicks()) {
            quorumElapsed = 0;
            if (ctx.config.checkQuorum()) {
                Membership m = ctx.configs.current();
                int activeVoters = m.isVoter(ctx.self) ? 1 : 0;
                for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
                    if (e.getValue().recentActive && m.isVoter(e.getKey())) {
                        activeVoters++;
                    }
                    e.getValue().recentActive = false;
                }
                if (activeVoters < Quorum.majority(m.voters().size())) {
                    LOG.info("{}: only {} of {} voters answered within an election timeout; stepping down",
                            ctx.name, activeVoters, m.voters().size());
                    core.becomeFollower(term, null);
                }
            }
        }
    }

    // ---------------------------------------------------------------- replication

    private void broadcastAppend() {
        for (NodeId peer : List.copyOf(progress.keySet())) {
            sendAppend(peer, progress.get(peer), true);
        }
    }

    /** Sends what the window allows to {@code peer}. */
    void replicate(NodeId peer) {
        Progress p = progress.get(peer);
        if (p == null) {
            return; // left the configuration
        }
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
        long sentNanos = lease.now();
        ctx.send(peer, ctx.request().setAppend(b).build(), ctx.rpcTimeout,
                (resp, err) -> onAppendResponse(peer, p, prev, sentBytes, sentNanos, announced, resp, err));
        return true;
    }

    private void onAppendResponse(NodeId peer, Progress p, long prevIndex, long bytes, long sentNanos,
                                  NodeId announced, RaftResponse resp, Throwable err) {
        if (resp != null && resp.hasAppend() && resp.getAppend().getTerm() > core.term()) {
            core.becomeFollower(resp.getAppend().getTerm(), null);
            return;
        }
        if (!active || progress.get(peer) != p) {
            return; // no longer leading, or the peer left the configuration (and maybe came back)
        }
        p.inflight--;
        p.inflightBytes -= bytes;
        if (err != null || !resp.hasAppend()) {
            if (p.state == Progress.State.REPLICATE) {
                p.becomeProbe();
            }
            return;
        }
        p.heardFrom(core.ticks());
        AppendResponse r = resp.getAppend();
        if (r.getTerm() == term) {
            lease.acknowledged(peer, sentNanos); // it took the append as its leader's
        }
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
        if (!active) {
            return;
        }
        Membership m = ctx.configs.current();
        long[] matches = new long[m.voters().size()];
        int i = 0;
        for (NodeId v : m.voters()) {
            Progress p = progress.get(v);
            matches[i++] = v.equals(ctx.self) ? core.durableIndex() : p == null ? 0 : p.match;
        }
        long candidate = Quorum.committed(matches);
        // Only entries of the current term commit by counting replicas (Raft §5.4.2).
        if (candidate > core.commitIndex() && candidate >= firstIndexOfTerm && ctx.log.term(candidate) == term) {
            core.commitTo(candidate);
            reads.termCommitted(core.commitIndex(), this::startReadRound);
            runWaitingChanges();
            maybeHandOver();
        }
    }

    // ---------------------------------------------------------------- snapshots

    /**
     * The lowest index of a snapshot being sent to a peer, or {@code Long.MAX_VALUE}: the log must keep the entries
     * after it, or the peer, once it has installed the snapshot, would need another one (and a peer whose snapshot
     * takes longer to send than the log takes to reach the snapshot threshold would never catch up).
     */
    long snapshotFloor() {
        long floor = Long.MAX_VALUE;
        for (SnapshotSender s : snapshots.values()) {
            long i = s.index();
            if (i >= 0) {
                floor = Math.min(floor, i);
            }
        }
        return floor;
    }

    private void startSnapshot(NodeId peer, Progress p) {
        p.state = Progress.State.SNAPSHOT;
        SnapshotSender sender = new SnapshotSender(ctx, core, term, peer, (index, ok) -> {
            snapshots.remove(peer);
            if (!active || p.state != Progress.State.SNAPSHOT || progress.get(peer) != p) {
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
        long sentNanos = lease.now();
        for (NodeId peer : List.copyOf(progress.keySet())) {
            Progress p = progress.get(peer);
            HeartbeatRequest.Builder hb = HeartbeatRequest.newBuilder().setTerm(term).setLeader(ctx.self.value())
                    .setCommit(Math.min(core.commitIndex(), p.match)).setReadSeq(seq);
            if (announced != null) {
                hb.setTransferTo(announced.value());
            }
            ctx.send(peer, ctx.request().setHeartbeat(hb).build(), ctx.rpcTimeout,
                    (resp, err) -> onHeartbeatResponse(peer, p, announced, sentNanos, resp, err));
        }
    }

    private void onHeartbeatResponse(NodeId peer, Progress p, NodeId announced, long sentNanos, RaftResponse resp,
                                     Throwable err) {
        if (err != null || !resp.hasHeartbeat()) {
            return;
        }
        HeartbeatResponse r = resp.getHeartbeat();
        if (r.getTerm() > core.term()) {
            core.becomeFollower(r.getTerm(), null);
            return;
        }
        if (!active || !r.getOk() || progress.get(peer) != p) {
            return;
        }
        p.heardFrom(core.ticks());
        lease.acknowledged(peer, sentNanos);
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
            // A probe may go out empty: after a lost probe, next can be past the log's end while nothing new is
            // appended, and only a probe finds where the follower's log ends.
            sendAppend(peer, p, p.state == Progress.State.PROBE);
        }
    }

    /**
     * ReadIndex: completes with the commit index once leadership is confirmed and the entry applied here.
     *
     * @param startNanos when it was asked for, on the member's clock
     */
    void readIndex(CompletableFuture<Long> future, long startNanos) {
        boolean termCommitted = core.commitIndex() >= firstIndexOfTerm;
        if (termCommitted && transfer == null && !handingOver && lease.holds(ctx.configs.current(), ctx.self)) {
            ctx.metrics.leaseRead();
            reads.addLeased(future, startNanos, core.commitIndex(), core.applied());
            return;
        }
        reads.add(future, startNanos, core.commitIndex() >= firstIndexOfTerm, core.commitIndex(),
                this::startReadRound);
    }

    private void startReadRound(long seq) {
        if (ctx.otherVoters().isEmpty()) {
            confirmReads();
            return;
        }
        heartbeatElapsed = 0;
        broadcastHeartbeat();
    }

    private void confirmReads() {
        Membership m = ctx.configs.current();
        long[] acks = new long[m.voters().size()];
        int i = 0;
        for (NodeId v : m.voters()) {
            Progress p = progress.get(v);
            acks[i++] = v.equals(ctx.self) ? reads.currentSeq() : p == null ? 0 : p.ackedReadSeq;
        }
        reads.confirmed(Quorum.committed(acks), core.commitIndex(), core.applied(), this::startReadRound);
    }

    void applied(long index) {
        reads.applied(index);
        maybeHandOver();
    }

    // ---------------------------------------------------------------- leadership transfer

    void transfer(NodeId target, CompletableFuture<Void> future) {
        if (target.equals(ctx.self)) {
            future.complete(null);
            return;
        }
        Progress p = progress.get(target);
        if (p == null || !ctx.configs.current().isVoter(target)) {
            future.completeExceptionally(new IllegalArgumentException(target + " is not a voter of " + ctx.name));
            return;
        }
        if (transfer != null) {
            future.completeExceptionally(new RaftException(ctx.name + ": a transfer to " + transfer.target()
                    + " is already in progress"));
            return;
        }
        transfer = new Transfer(target, future, core.ticks() + ctx.config.electionTicks());
        lease.forfeit();
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
        // The target (and this leader, while a voter) grant the target's transfer vote; the rest of a majority of
        // voters must know of it.
        Membership m = ctx.configs.current();
        int aware = 1 + (m.isVoter(ctx.self) ? 1 : 0);
        for (NodeId n : announcedTo) {
            if (m.isVoter(n)) {
                aware++;
            }
        }
        if (aware < Quorum.majority(m.voters().size())) {
            return false;
        }
        RaftRequest req = ctx.request().setTimeoutNow(TimeoutNowRequest.newBuilder().setTerm(term)
                .setLeader(ctx.self.value())).build();
        ctx.send(peer, req, ctx.rpcTimeout, (resp, err) -> {
        });
        return true;
    }
}

package io.eraft.raft;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogNoSpaceException;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.SnapshotMeta;
import io.eraft.api.raft.Membership;
import io.eraft.api.raft.MembershipListener;
import io.eraft.api.raft.NotLeaderException;
import io.eraft.api.raft.RaftException;
import io.eraft.api.raft.RaftFailedException;
import io.eraft.api.raft.RaftStoppedException;
import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.proto.AppendRequest;
import io.eraft.raft.proto.AppendResponse;
import io.eraft.raft.proto.HeartbeatRequest;
import io.eraft.raft.proto.HeartbeatResponse;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.RaftResponse;
import io.eraft.raft.proto.SnapshotChunk;
import io.eraft.raft.proto.SnapshotResponse;
import io.eraft.raft.proto.TimeoutNowRequest;
import io.eraft.raft.proto.TimeoutNowResponse;
import io.eraft.raft.proto.VoteRequest;
import io.eraft.raft.proto.VoteResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A member's Raft state and its transitions: terms and votes, elections with pre-vote, the follower's side of
 * replication, and commit and apply bookkeeping. The leader's work lives in {@link Leader}, snapshots in
 * {@link SnapshotReceiver} and {@link SnapshotSender}. Runs only on the event loop; the volatile fields are read by
 * {@code status()} from other threads, and term, role and leader are read together through {@link #standing()}.
 * Messages reach it only after {@link Admission} let them in.
 *
 * <p>Fail-stop: a log write or fsync that failed, a state machine that failed, an error thrown on the event loop or a
 * leader's entry that conflicts with a committed one stops the member for good ({@link Role#FAILED}): everything
 * pending fails, {@link #termination()} completes with the reason, and nothing is retried.
 */
final class RaftCore implements Applier.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RaftCore.class);

    private final Context ctx;
    private final Applier applier;
    private final ProposalTracker proposals;
    private final SnapshotReceiver receiver;

    private volatile long term;
    private NodeId votedFor;
    private volatile Role role = Role.FOLLOWER;
    private volatile NodeId leader;
    /** {@link #term}, {@link #role} and {@link #leader} as one value, republished after every change of them. */
    private volatile Standing standing = new Standing(0, Role.FOLLOWER, null);
    /** The latest term whose leader this member learned of (0: none since it started). */
    private long leaderTerm;
    private volatile long commitIndex;
    private DurableIndex durable;
    private CompletableFuture<?> lastLogWrite = CompletableFuture.completedFuture(null);

    private long ticks;
    private int electionElapsed;
    private int randomizedElectionTimeout;
    private Election election;
    private Leader leaderState;
    private TransferWatch transferWatch;
    /** The transfer the current leader announced, if any (honours that candidate's transfer vote). */
    private TransferAnnouncement announcement;
    private volatile Recovery recovery = new Recovery(false);
    private final Termination termination = new Termination();
    private final List<MembershipListener> membershipListeners = new CopyOnWriteArrayList<>();
    /** While leading: each other member's match index, as the leader last published it (for status). */
    private volatile Map<NodeId, Long> matchIndexes = Map.of();
    /** Drawn at each start; sent with every append reply (see AppendResponse.incarnation). */
    private final long incarnation;

    /** A leadership transfer this member started and then stepped down for: done when the target leads. */
    record TransferWatch(NodeId target, CompletableFuture<Void> future, long deadlineTick) {
    }

    RaftCore(Context ctx, Applier.Factory applierFactory, ProposalTracker proposals, Path workDir) {
        this.ctx = ctx;
        this.proposals = proposals;
        this.applier = applierFactory.create(this);
        this.receiver = new SnapshotReceiver(ctx, this, workDir);
        this.incarnation = ctx.random.nextLong() | 1L;
        ctx.admission.followLeadersOf(this::standing);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Recovers term, vote and indexes from the log and the state machine. */
    void start() {
        HardState hs = ctx.log.hardState();
        term = hs.term();
        votedFor = hs.votedFor() == null ? null : NodeId.of(hs.votedFor());
        recovery = new Recovery(hs.recovering());
        ctx.configs.recover(ctx.log, ctx.config.maxAppendBytes());
        long snapshotIndex = ctx.log.snapshotMeta().index();
        long applied = applier.applied();
        if (applied < snapshotIndex) {
            throw new RaftException(ctx.name + ": the state machine is at index " + applied + " but the log starts "
                    + "after its snapshot at " + snapshotIndex + "; the entries in between are gone. Restore the "
                    + "state machine's snapshot or wipe this member's log so it is sent a snapshot");
        }
        durable = new DurableIndex(ctx.log.lastIndex());
        commitIndex = Math.max(applied, snapshotIndex);
        if (applied > ctx.log.lastIndex()) {
            // Normal after a crash between a snapshot install and the log reset; the leader fills in the rest.
            LOG.info("{}: state machine is at {}, past the log's end {}; catching up from the leader", ctx.name,
                    applied, ctx.log.lastIndex());
        }
        resetElectionTimer();
        publishStanding();
        LOG.info("{}: started at term {}, log [{}..{}], applied {}, {}", ctx.name, term, ctx.log.firstIndex(),
                ctx.log.lastIndex(), applied, ctx.configs.current());
        if (!ctx.configs.current().contains(ctx.self)) {
            LOG.info("{}: not in its configuration (joining, or removed): it does not campaign", ctx.name);
        }
        if (recovery.recovering()) {
            LOG.warn("{}: the log was repaired after damage and lost entries it had made durable; this member grants "
                    + "no vote and does not campaign until a leader has given them back", ctx.name);
        }
    }

    /** The member is closed: fails everything pending (a failed member stays {@link Role#FAILED}). */
    void stop(RuntimeException cause) {
        if (role != Role.FAILED) {
            role = Role.STOPPED;
            publishStanding();
        }
        failPending(cause);
        termination.closed();
    }

    private void failPending(RuntimeException cause) {
        if (leaderState != null) {
            leaderState.stepDown(cause);
            leaderState = null;
        }
        proposals.failAll(() -> cause);
        if (transferWatch != null) {
            transferWatch.future().completeExceptionally(cause);
            transferWatch = null;
        }
        receiver.abort();
    }

    // ---------------------------------------------------------------- accessors (loop, or volatile for status)

    long term() {
        return term;
    }

    /** Term, role and leader of one moment; safe to call from any thread. */
    Standing standing() {
        return standing;
    }

    long commitIndex() {
        return commitIndex;
    }

    long ticks() {
        return ticks;
    }

    long applied() {
        return applier.applied();
    }

    Applier applier() {
        return applier;
    }

    ProposalTracker proposals() {
        return proposals;
    }

    Leader leaderState() {
        return leaderState;
    }

    /** The failure that stopped this member, or null while it runs. Safe from any thread. */
    RaftFailedException failure() {
        return termination.failure();
    }

    /** Completes when the member ends: normally on close, with a {@link RaftFailedException} on fail-stop. */
    CompletableFuture<Void> termination() {
        return termination.future();
    }

    /** True while the log lost entries a leader has not given back yet. Safe from any thread. */
    boolean recovering() {
        return recovery.recovering();
    }

    /** Why a leader-only call is refused here: the member failed, or it does not lead. */
    RaftException notLeader() {
        RaftFailedException failed = termination.failure();
        if (failed != null) {
            return failed;
        }
        return new NotLeaderException(ctx.self, Objects.equals(leader, ctx.self) ? null : leader);
    }

    /** The configuration in effect here (the latest appended). Safe from any thread. */
    Membership membership() {
        return ctx.configs.current();
    }

    /** Whether this member votes in its configuration: only a voter campaigns. */
    private boolean isVoter() {
        return ctx.configs.current().isVoter(ctx.self);
    }

    /** The leader's view of each other member's match index; empty when not leading. Safe from any thread. */
    Map<NodeId, Long> matchIndexes() {
        return matchIndexes;
    }

    void publishMatches(Map<NodeId, Long> view) {
        matchIndexes = view;
    }

    void addMembershipListener(MembershipListener listener) {
        membershipListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The configuration in effect changed (an entry appended or truncated, a snapshot installed). */
    private void membershipChanged() {
        Membership m = ctx.configs.current();
        LOG.info("{}: configuration now {}", ctx.name, m);
        if (leaderState != null) {
            leaderState.membershipChanged(m);
        }
        if (!m.isVoter(ctx.self) && (role == Role.CANDIDATE || role == Role.PRE_CANDIDATE)) {
            becomeFollower(term, null);
        }
        for (MembershipListener l : membershipListeners) {
            try {
                l.membershipChanged(m);
            } catch (RuntimeException e) {
                LOG.warn("{}: a membership listener failed", ctx.name, e);
            }
        }
    }

    /** Closed or failed: the member takes no part any more. */
    private boolean halted() {
        return role == Role.STOPPED || role == Role.FAILED;
    }

    // ---------------------------------------------------------------- time

    void tick() {
        ticks++;
        if (transferWatch != null && ticks > transferWatch.deadlineTick()) {
            transferWatch.future().completeExceptionally(new RaftException(ctx.name + ": leadership transfer to "
                    + transferWatch.target() + " did not complete within an election timeout"));
            transferWatch = null;
        }
        if (role == Role.LEADER) {
            leaderState.tick();
            return;
        }
        if (halted()) {
            return;
        }
        electionElapsed++;
        if (electionElapsed >= randomizedElectionTimeout) {
            if (!isVoter()) {
                resetElectionTimer(); // a learner, a joining or a removed member never campaigns
                return;
            }
            if (recovery.recovering()) {
                resetElectionTimer(); // waits for a leader to give the lost entries back; never campaigns
                return;
            }
            campaign(ctx.config.preVote(), false);
        }
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        int base = ctx.config.electionTicks();
        randomizedElectionTimeout = base + ctx.random.nextInt(base);
    }

    // ---------------------------------------------------------------- elections

    /** Starts a campaign: a pre-vote first when {@code pre}, else a real vote in the next term. */
    void campaign(boolean pre, boolean transfer) {
        if (halted() || recovery.recovering() || !isVoter()) {
            return;
        }
        resetElectionTimer();
        leader = null;
        if (pre) {
            role = Role.PRE_CANDIDATE;
            election = new Election(true, term + 1, ctx.configs.current().voters());
        } else {
            role = Role.CANDIDATE;
            term = term + 1;
            votedFor = ctx.self;
            election = new Election(false, term, ctx.configs.current().voters());
        }
        publishStanding();
        Election el = election;
        if (el.record(ctx.self, true) == Election.Outcome.WON) {
            won(el, transfer);
            return;
        }
        LOG.debug("{}: {} campaign for term {}", ctx.name, pre ? "pre-vote" : "vote", el.term());
        Runnable sendVotes = () -> {
            if (election != el) {
                return;
            }
            long lastIndex = ctx.log.lastIndex();
            RaftRequest req = ctx.request().setVote(VoteRequest.newBuilder().setTerm(el.term())
                    .setCandidate(ctx.self.value()).setLastLogIndex(lastIndex)
                    .setLastLogTerm(ctx.log.term(lastIndex)).setPreVote(pre).setTransfer(transfer)).build();
            for (NodeId peer : ctx.otherVoters()) {
                ctx.send(peer, req, ctx.rpcTimeout, (resp, err) -> onVoteResponse(el, peer, resp, err, transfer));
            }
        };
        if (pre) {
            sendVotes.run();
        } else {
            // Term and vote must be durable before anyone may count on them.
            saveHardState().thenRun(() -> ctx.loop.execute(sendVotes));
        }
    }

    private void won(Election el, boolean transfer) {
        if (el.preVote()) {
            campaign(false, transfer);
        } else {
            saveHardState().thenRun(() -> ctx.loop.execute(() -> {
                if (election == el && role == Role.CANDIDATE) {
                    becomeLeader();
                }
            }));
        }
    }

    private void onVoteResponse(Election el, NodeId from, RaftResponse resp, Throwable err, boolean transfer) {
        if (election != el || err != null || !resp.hasVote()) {
            return;
        }
        VoteResponse v = resp.getVote();
        if (v.getTerm() > term && !(el.preVote() && v.getGranted())) {
            becomeFollower(v.getTerm(), null);
            return;
        }
        switch (el.record(from, v.getGranted())) {
            case WON -> won(el, transfer);
            case LOST -> becomeFollower(term, null);
            default -> {
            }
        }
    }

    private CompletableFuture<RaftResponse> onVoteRequest(VoteRequest req) {
        NodeId candidate = NodeId.of(req.getCandidate());
        // With lease reads, a member that just started may have acknowledged the leader before it stopped: it keeps
        // that promise for an election timeout of its own (it does not know when it last heard from a leader).
        boolean justStarted = ctx.config.leaseRead() && ticks < ctx.config.electionTicks();
        boolean inLease = ctx.config.checkQuorum() && !announcedTransfer(candidate, req)
                && (role == Role.LEADER || justStarted
                || (leader != null && electionElapsed < ctx.config.electionTicks()));
        if (req.getTerm() < term || (inLease && req.getTerm() > term)) {
            return CompletableFuture.completedFuture(voteResponse(term, false));
        }
        long lastIndex = ctx.log.lastIndex();
        long lastTerm = ctx.log.term(lastIndex);
        boolean upToDate = req.getLastLogTerm() > lastTerm
                || (req.getLastLogTerm() == lastTerm && req.getLastLogIndex() >= lastIndex);
        // A member that lost entries would judge "up to date" against a log that is too short: it votes for no one.
        boolean mayVote = upToDate && !recovery.recovering();
        if (req.getPreVote()) {
            boolean grant = req.getTerm() > term && mayVote;
            return CompletableFuture.completedFuture(voteResponse(grant ? req.getTerm() : term, grant));
        }
        if (req.getTerm() > term) {
            becomeFollower(req.getTerm(), null);
        }
        boolean grant = mayVote && (votedFor == null || votedFor.equals(candidate));
        if (grant) {
            votedFor = candidate;
            resetElectionTimer();
        }
        long t = term;
        // The vote (and any new term) is durable before the reply leaves.
        return saveHardState().thenApply(v -> voteResponse(t, grant));
    }

    /**
     * Whether a vote request's transfer flag is to be honoured: only for the target of a transfer that this
     * member's own leader announced in the current term (or, on the leader, the transfer it runs itself), and only
     * for the vote in the next term.
     */
    private boolean announcedTransfer(NodeId candidate, VoteRequest req) {
        if (!req.getTransfer() || req.getPreVote()) {
            return false;
        }
        if (role == Role.LEADER) {
            return leaderState != null && candidate.equals(leaderState.transferTarget()) && req.getTerm() == term + 1;
        }
        boolean honoured = announcement != null && announcement.term() == term
                && announcement.covers(candidate, req.getTerm());
        if (!honoured) {
            LOG.debug("{}: {} claims a leadership transfer that leader {} did not announce; the lease holds",
                    ctx.name, candidate, leader);
        }
        return honoured;
    }

    /** Notes the transfer the leader's append or heartbeat announces (none when {@code target} is empty). */
    private void noteTransfer(String target) {
        announcement = target.isEmpty() ? null : new TransferAnnouncement(NodeId.of(target), term);
    }

    private static RaftResponse voteResponse(long term, boolean granted) {
        return RaftResponse.newBuilder().setVote(VoteResponse.newBuilder().setTerm(term).setGranted(granted)).build();
    }

    /** Saves term, vote and the recovering mark (kept until the lost entries are back). */
    private CompletableFuture<Void> saveHardState() {
        CompletableFuture<Void> f;
        try {
            f = ctx.log.saveHardState(new HardState(term, votedFor == null ? null : votedFor.value(),
                    recovery.recovering()));
        } catch (LogStoreException e) {
            f = CompletableFuture.failedFuture(e); // nothing may be answered as if it were durable
        }
        lastLogWrite = f;
        f.whenComplete((v, e) -> {
            if (e != null) {
                ctx.loop.execute(() -> fail("saving the term and vote failed", e));
            }
        });
        return f;
    }

    // ---------------------------------------------------------------- role changes

    /** Steps down (or stays) to follower in {@code newTerm}, following {@code newLeader} when known. */
    void becomeFollower(long newTerm, NodeId newLeader) {
        if (halted()) {
            return;
        }
        boolean termChanged = newTerm > term;
        if (termChanged) {
            term = newTerm;
            votedFor = null;
            announcement = null;
            saveHardState();
        }
        if (leaderState != null) {
            Leader old = leaderState;
            leaderState = null;
            matchIndexes = Map.of();
            TransferWatch watch = old.stepDown(new NotLeaderException(ctx.self, newLeader));
            if (watch != null) {
                transferWatch = watch;
            }
            LOG.info("{}: stepped down from leader at term {}", ctx.name, term);
        }
        role = Role.FOLLOWER;
        election = null;
        if (!Objects.equals(leader, newLeader) || termChanged) {
            resetElectionTimer();
        }
        leader = newLeader;
        publishStanding();
        if (transferWatch != null && newLeader != null && newLeader.equals(transferWatch.target())) {
            transferWatch.future().complete(null);
            transferWatch = null;
        }
    }

    TransferWatch watchTransfer(NodeId target, CompletableFuture<Void> future) {
        return new TransferWatch(target, future, ticks + 2L * ctx.config.electionTicks());
    }

    private void becomeLeader() {
        role = Role.LEADER;
        leader = ctx.self;
        election = null;
        publishStanding();
        LOG.info("{}: leader at term {} (log ends at {})", ctx.name, term, ctx.log.lastIndex());
        leaderState = new Leader(ctx, this, term);
        leaderState.start();
    }

    /**
     * Publishes term, role and leader, after the loop changed any of them, for {@link #standing()}; counts a leader
     * change when this member learns of the leader of a later term than the last it knew (a term has one leader).
     */
    private void publishStanding() {
        if (leader != null && term > leaderTerm) {
            leaderTerm = term;
            ctx.metrics.leaderChanged();
        }
        standing = new Standing(term, role, leader);
    }

    /** Accepts a message from {@code from}, a leader in {@code msgTerm} >= ours. */
    private void follow(long msgTerm, NodeId from) {
        if (msgTerm > term || role != Role.FOLLOWER || !from.equals(leader)) {
            becomeFollower(msgTerm, from);
        }
        electionElapsed = 0;
    }

    // ---------------------------------------------------------------- log writes

    /** Appends entries to the local log; the durable index advances when the write is on disk. */
    void appendLocal(List<LogEntry> entries) {
        long ticket = durable.beforeAppend(entries.get(0).index(), ctx.log.lastIndex());
        CompletableFuture<Long> f;
        try {
            f = ctx.log.append(entries);
        } catch (LogStoreException e) {
            f = CompletableFuture.failedFuture(e); // nothing may be answered as if it were durable
        }
        lastLogWrite = f;
        if (ctx.configs.appended(entries)) {
            membershipChanged();
        }
        f.whenComplete((last, e) -> ctx.loop.execute(() -> {
            if (e != null) {
                fail("a log write failed", e);
                return;
            }
            if (halted()) {
                return;
            }
            long d = durable.completed(ticket, last);
            applier.commitTo(Math.min(commitIndex, d));
            if (leaderState != null) {
                leaderState.localDurable(d);
            }
        }));
    }

    long durableIndex() {
        return durable.get();
    }

    /** Raises the commit index (never lowers it) and applies what is durable here. */
    void commitTo(long index) {
        if (index > commitIndex) {
            commitIndex = index;
            applier.commitTo(Math.min(commitIndex, durable.get()));
        }
    }

    // ---------------------------------------------------------------- requests from peers

    CompletableFuture<RaftResponse> handle(NodeId from, RaftRequest req) {
        if (role == Role.FAILED) {
            return CompletableFuture.failedFuture(termination.failure());
        }
        if (role == Role.STOPPED) {
            return CompletableFuture.failedFuture(new RaftStoppedException(ctx.name + " is stopped"));
        }
        return switch (req.getBodyCase()) {
            case VOTE -> onVoteRequest(req.getVote());
            case APPEND -> onAppend(from, req.getAppend());
            case HEARTBEAT -> CompletableFuture.completedFuture(onHeartbeat(from, req.getHeartbeat()));
            case SNAPSHOT -> onSnapshot(from, req.getSnapshot());
            case TIMEOUT_NOW -> CompletableFuture.completedFuture(onTimeoutNow(from, req.getTimeoutNow()));
            default -> CompletableFuture.failedFuture(new IllegalArgumentException("unknown Raft request"));
        };
    }

    private CompletableFuture<RaftResponse> onAppend(NodeId from, AppendRequest req) {
        if (req.getTerm() < term) {
            return CompletableFuture.completedFuture(appendResponse(AppendResponse.newBuilder().setTerm(term)));
        }
        follow(req.getTerm(), from);
        noteTransfer(req.getTransferTo());
        if (receiver.installing()) {
            return CompletableFuture.completedFuture(appendResponse(AppendResponse.newBuilder().setTerm(term)
                    .setBusy(true)));
        }
        List<LogEntry> entries = Wire.fromWire(req.getEntriesList());
        LogMatcher.Result result = LogMatcher.check(ctx.log, req.getPrevLogIndex(), req.getPrevLogTerm(), entries);
        if (result instanceof LogMatcher.Reject r) {
            return CompletableFuture.completedFuture(appendResponse(AppendResponse.newBuilder().setTerm(term)
                    .setConflictIndex(r.conflictIndex()).setConflictTerm(r.conflictTerm())));
        }
        LogMatcher.Accept a = (LogMatcher.Accept) result;
        if (!a.toAppend().isEmpty()) {
            LogEntry first = a.toAppend().get(0);
            // Below the log's end the first new entry replaces one of ours. Past it, it only fills in: also at or
            // below the commit index, where it gives back entries the log lost but the state machine already
            // applied (they are written again, never applied again: the applier is past them).
            if (first.index() <= ctx.log.lastIndex() && first.index() <= commitIndex) {
                return CompletableFuture.failedFuture(fail("leader " + from + " of term " + req.getTerm()
                        + " sent entry " + first.index() + " of term " + first.term() + ", which conflicts with the "
                        + "committed entry " + first.index() + " of term " + ctx.log.term(first.index())
                        + " here (commit index " + commitIndex + "): this member's log disagrees with what the "
                        + "group committed", null));
            }
            appendLocal(a.toAppend());
        }
        commitTo(Math.min(req.getLeaderCommit(), a.lastIndex()));
        if (recovery.completedBy(ctx.log, req.getTerm(), req.getLeaderCommit(), a.lastIndex())) {
            recovery.end();
            saveHardState(); // after the append in call order: durable only once the entries are
            LOG.info("{}: recovered: leader {} gave back the log through {} (its commit index {}); voting again",
                    ctx.name, from, a.lastIndex(), req.getLeaderCommit());
        }
        long t = term;
        // Reply once what the request covers is durable: every write called so far, in order.
        return lastLogWrite.thenApply(v -> appendResponse(AppendResponse.newBuilder().setTerm(t).setSuccess(true)
                .setMatchIndex(a.lastIndex())));
    }

    private RaftResponse appendResponse(AppendResponse.Builder b) {
        return RaftResponse.newBuilder().setAppend(b.setIncarnation(incarnation).setRepaired(recovery.repaired()))
                .build();
    }

    private RaftResponse onHeartbeat(NodeId from, HeartbeatRequest req) {
        HeartbeatResponse.Builder b = HeartbeatResponse.newBuilder().setReadSeq(req.getReadSeq())
                .setIncarnation(incarnation).setRepaired(recovery.repaired());
        if (req.getTerm() >= term) {
            follow(req.getTerm(), from);
            noteTransfer(req.getTransferTo());
            if (!receiver.installing()) {
                commitTo(Math.min(req.getCommit(), ctx.log.lastIndex()));
            }
            b.setOk(true);
        }
        return RaftResponse.newBuilder().setHeartbeat(b.setTerm(term).setLastLogIndex(ctx.log.lastIndex())).build();
    }

    private RaftResponse onTimeoutNow(NodeId from, TimeoutNowRequest req) {
        if (req.getTerm() == term && from.equals(leader) && role == Role.FOLLOWER && !recovery.recovering()
                && isVoter()) {
            LOG.info("{}: leader {} hands over leadership", ctx.name, from);
            campaign(false, true);
        }
        return RaftResponse.newBuilder().setTimeoutNow(TimeoutNowResponse.newBuilder().setTerm(term)).build();
    }

    private CompletableFuture<RaftResponse> onSnapshot(NodeId from, SnapshotChunk chunk) {
        if (chunk.getTerm() < term) {
            return CompletableFuture.completedFuture(RaftResponse.newBuilder()
                    .setSnapshot(SnapshotResponse.newBuilder().setTerm(term)).build());
        }
        follow(chunk.getTerm(), from);
        return receiver.onChunk(chunk, term, commitIndex);
    }

    /**
     * The state machine already holds the snapshot through {@code index} but the log lost the entries up to it (a
     * damaged log, or a crash between a snapshot install and the log reset): the log restarts after the snapshot.
     */
    CompletableFuture<Void> restartLogAfter(long index, long snapshotTerm, Membership configuration) {
        LOG.info("{}: the state machine is at {} but the log ends at {}; the log restarts after the leader's snapshot "
                + "through {}@{}", ctx.name, applier.applied(), ctx.log.lastIndex(), index, snapshotTerm);
        if (!resetConfiguration(index, configuration)) {
            return new CompletableFuture<>(); // closing: the member stops, nothing is answered
        }
        durable.reset(index);
        CompletableFuture<Void> reset = ctx.log.reset(new SnapshotMeta(index, snapshotTerm));
        lastLogWrite = reset;
        CompletableFuture<Void> done = new CompletableFuture<>();
        reset.whenComplete((v, e) -> ctx.loop.execute(() -> {
            if (e != null) {
                fail("resetting the log failed", e);
                done.completeExceptionally(e);
                return;
            }
            commitTo(index);
            done.complete(null);
        }));
        return done;
    }

    /**
     * Installs a fully received snapshot: the state machine first (apply thread), then the log is reset to start
     * after it. Completes when both are durable.
     */
    CompletableFuture<Void> installSnapshot(long index, long snapshotTerm, Membership configuration, Path file) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        applier.submit(() -> {
            try (var in = java.nio.file.Files.newInputStream(file)) {
                ctx.stateMachine.installSnapshot(index, in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            applier.resetTo(index);
            ctx.loop.execute(() -> {
                if (!resetConfiguration(index, configuration)) {
                    return; // closing
                }
                durable.reset(index);
                CompletableFuture<Void> reset = ctx.log.reset(new SnapshotMeta(index, snapshotTerm));
                lastLogWrite = reset;
                reset.whenComplete((v, e) -> ctx.loop.execute(() -> {
                    if (e != null) {
                        fail("resetting the log after a snapshot install failed", e);
                        done.completeExceptionally(e);
                        return;
                    }
                    if (index > commitIndex) {
                        commitIndex = index;
                    }
                    LOG.info("{}: installed snapshot through {}@{}", ctx.name, index, snapshotTerm);
                    done.complete(null);
                }));
            });
        });
        return done;
    }

    /**
     * The log is about to be replaced by one that starts after a snapshot through {@code index}: the snapshot's
     * configuration is saved first (null when the leader sent none: the one known here at that index).
     */
    private boolean resetConfiguration(long index, Membership configuration) {
        Membership m = configuration != null ? configuration : ctx.configs.at(index);
        boolean[] changed = new boolean[1];
        if (!savedConfiguration(() -> changed[0] = ctx.configs.resetting(index, m))) {
            return false;
        }
        if (changed[0]) {
            membershipChanged();
        }
        return true;
    }

    /**
     * Runs {@code save}, which writes the configuration file; false if the member is being closed (closing
     * interrupts the event loop, which closes the file channel under the write): then nothing after it may run,
     * and the file is as before (it is replaced by an atomic rename only once complete). Other failures throw
     * (fail-stop).
     */
    private boolean savedConfiguration(Runnable save) {
        try {
            save.run();
            return true;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ClosedByInterruptException) {
                LOG.debug("{}: closed while saving the configuration", ctx.name);
                return false;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- apply thread events

    @Override
    public void applied(long index) {
        ctx.loop.execute(() -> {
            if (leaderState != null) {
                leaderState.applied(index);
            }
        });
    }

    @Override
    public void snapshotTaken(long taken) {
        ctx.loop.execute(() -> {
            SnapshotMeta current = ctx.log.snapshotMeta();
            // A leader keeps the entries after a snapshot it is sending: the peer needs them once it installed it.
            long index = leaderState == null ? taken : Math.min(taken, leaderState.snapshotFloor());
            if (halted() || index <= current.index() || index > ctx.log.lastIndex()) {
                applier.compacted();
                return;
            }
            if (index < taken) {
                LOG.info("{}: compacting the log through {}, not {}: a snapshot through {} is being sent", ctx.name,
                        index, taken, index);
            }
            SnapshotMeta meta = new SnapshotMeta(index, ctx.log.term(index));
            // durable before the log drops the entries that held it
            if (!savedConfiguration(() -> ctx.configs.compacting(index))) {
                applier.compacted();
                return;
            }
            CompletableFuture<Void> f = ctx.log.compact(meta);
            lastLogWrite = f;
            f.whenComplete((v, e) -> ctx.loop.execute(() -> {
                applier.compacted();
                if (e != null) {
                    fail("compacting the log failed", e);
                }
            }));
        });
    }

    @Override
    public void failed(Throwable cause) {
        ctx.loop.execute(() -> fail("the state machine failed", cause));
    }

    /**
     * Stops this member for good (fail-stop): it cannot go on safely after {@code what} happened. Logged once at
     * ERROR; every later call is ignored. Returns the failure, which everything pending now fails with.
     *
     * @param what  what went wrong, for the log, the status and {@link #termination()}
     * @param cause the exception, or null
     */
    RaftFailedException fail(String what, Throwable cause) {
        Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        RaftFailedException failure = new RaftFailedException(ctx.name + " stopped: " + what + describe(c), c);
        if (role == Role.STOPPED || !termination.fail(failure)) {
            RaftFailedException earlier = termination.failure();
            return earlier != null ? earlier : failure;
        }
        role = Role.FAILED;
        publishStanding();
        LOG.error("{}", failure.getMessage(), c);
        applier.halt();
        failPending(failure);
        return failure;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "";
        }
        if (cause instanceof LogNoSpaceException) {
            return " (no space left for the log: " + cause.getMessage() + "; free space, then restart the member)";
        }
        if (cause instanceof LogStoreException) {
            return " (log store: " + cause.getMessage() + ")";
        }
        return ": " + cause;
    }
}

package io.eraft.raft.testing;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.log.LogStore;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.raft.Membership;
import io.eraft.api.raft.MembershipChange;
import io.eraft.api.raft.MembershipChangeException;
import io.eraft.api.raft.NotLeaderException;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftNodeSpec;
import io.eraft.api.raft.RaftProvider;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.RaftStoppedException;
import io.eraft.api.raft.Role;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.transport.inprocess.InProcessNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Raft group of n members in one JVM, on the in-process network, for fault-injection scenarios (after MIT 6.824's
 * Raft tester). It starts, crashes and restarts members, cuts and heals links, and checks the group:
 * {@link #checkOneLeader()}, {@link #checkNoLeader()}, {@link #checkTerms()}, {@link #one(byte[], int, boolean)},
 * {@link #nCommitted(long)}.
 *
 * <p>Safety is checked all the time, not only when asked: every member's state machine is a
 * {@link CheckingStateMachine} that compares each apply against the cluster-wide {@link AppliedHistory}, and every
 * status the fixture reads is checked for two leaders in one term. Every check method, and {@link #close()}, fails
 * on the first violation found. Every failure message carries the seed.
 *
 * <p>Connectivity: {@link #disconnect}/{@link #connect} say whether a member is meant to be reachable; that intent
 * survives crashes (a restarted member is reachable again unless it was disconnected). The checks look at members
 * that are up and connected. {@link #partition} is applied on top; use {@link #checkOneLeaderAmong} while one is in
 * force.
 *
 * <p>Crash: close the member, crash its log (the memory log then keeps only what was synced) and crash it on the
 * network. Restart: reopen the log, join the network again and build a new member whose state machine resumes from
 * the member's last durable snapshot.
 *
 * <p>Membership: a cluster may hold spare nodes outside the group's initial configuration
 * ({@link Builder#initialVoters}); {@link #join} starts one as a new, empty member ({@code joining}), and
 * {@link #changeMembership} changes the configuration through the leader.
 */
public final class RaftCluster implements AutoCloseable {
    /** The Raft group name the members use. */
    public static final String GROUP = "scenario";

    private static final Logger LOG = LoggerFactory.getLogger(RaftCluster.class);
    /** How long {@link #one} waits for a proposal, and then for its commit, before it proposes again. */
    private static final Duration PROPOSE_WAIT = Duration.ofSeconds(3);
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(3);
    /**
     * The same waits when {@link #one} may not propose again: then waiting longer cannot hide a failure, only spare
     * a loaded machine (slow fsyncs, a starved thread) a false one.
     */
    private static final Duration ONLY_PROPOSAL_WAIT = Duration.ofSeconds(10);
    private static final Duration ONE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(20);

    static {
        ModuleReads.ensure();
    }

    private final TestSeed seed;
    private final RaftConfig config;
    private final LogKind logKind;
    private final int snapshotPaddingBytes;
    private final StateMachineFactory applications;
    private final ClusterId clusterId;
    private final BiFunction<NodeId, LogStore, LogStore> logWrapper;
    private final Metrics metrics;
    private final Path baseDir;
    private final boolean ownsBaseDir;
    private final InProcessNetwork network;
    private final List<NodeId> ids;
    /** The group's initial configuration: the first {@link Builder#initialVoters} members. */
    private final List<NodeId> initialVoters;
    private final Map<NodeId, Member> members = new LinkedHashMap<>();
    private final Set<NodeId> connected = ConcurrentHashMap.newKeySet();
    private final Violations violations = new Violations();
    private final AppliedHistory history = new AppliedHistory(violations);
    private final LeaderHistory leaders = new LeaderHistory(violations);
    private final SnapshotDisk disk = new SnapshotDisk();
    private final AtomicInteger restartsFromSnapshot = new AtomicInteger();
    private boolean closed;

    private RaftCluster(Builder b, Path baseDir, boolean ownsBaseDir) {
        this.seed = b.seed;
        this.config = b.config;
        this.logKind = b.logKind;
        this.snapshotPaddingBytes = b.snapshotPaddingBytes;
        this.applications = b.applications;
        this.clusterId = b.clusterId;
        this.logWrapper = b.logWrapper;
        this.metrics = b.metrics;
        this.baseDir = baseDir;
        this.ownsBaseDir = ownsBaseDir;
        this.network = InProcessNetwork.create(seed.derive(-1));
        List<NodeId> names = new ArrayList<>();
        for (int i = 0; i < b.servers; i++) {
            NodeId id = NodeId.of("n" + i);
            names.add(id);
            members.put(id, new Member(id, i, baseDir.resolve(id.value())));
            connected.add(id);
        }
        this.ids = List.copyOf(names);
        this.initialVoters = List.copyOf(names.subList(0, b.initialVoters < 0 ? b.servers : b.initialVoters));
    }

    /** A builder of a cluster of {@code servers} members whose random choices come from {@code seed}. */
    public static Builder builder(int servers, TestSeed seed) {
        return new Builder(servers, seed);
    }

    /**
     * The scenarios' timing: 10 ms ticks, elections after 200-400 ms, heartbeats every 50 ms (so 3 idle members
     * exchange at most 40 heartbeats a second), pre-vote and check-quorum on, no automatic snapshots.
     */
    public static RaftConfig testConfig() {
        return RaftConfig.builder().tick(Duration.ofMillis(10)).electionTicks(20).heartbeatTicks(5)
                .maxInflightAppends(16).maxInflightBytes(4L << 20).maxAppendBytes(256L << 10)
                .maxEntryCacheBytes(16L << 20).maxPendingProposals(10_000).snapshotChunkBytes(64 << 10)
                .snapshotThresholdBytes(0).requestTimeout(Duration.ofMillis(500)).build();
    }

    // ---------------------------------------------------------------- identity

    public TestSeed seed() {
        return seed;
    }

    public RaftConfig config() {
        return config;
    }

    /** The members' ids, n0 .. n(size-1). */
    public List<NodeId> ids() {
        return ids;
    }

    /** The id of member {@code i} (0-based). */
    public NodeId id(int i) {
        return ids.get(Math.floorMod(i, ids.size()));
    }

    public int size() {
        return ids.size();
    }

    /** The member {@code k} places after {@code id} in {@link #ids()}, wrapping around (MIT's (i + k) % n). */
    public NodeId next(NodeId id, int k) {
        int at = ids.indexOf(id);
        if (at < 0) {
            throw new IllegalArgumentException("no member " + id + " in " + ids);
        }
        return id(at + k);
    }

    /** The in-process network, for its counters. Change links through the cluster so its checks stay right. */
    public InProcessNetwork network() {
        return network;
    }

    /** What was applied at each index, cluster-wide. */
    public AppliedHistory history() {
        return history;
    }

    /** The longest an election timeout can be: 2 * electionTicks ticks. */
    public Duration electionTimeout() {
        return config.tick().multipliedBy(2L * config.electionTicks());
    }

    /** How many restarts began from a durable state-machine snapshot rather than from index 0. */
    public int restartsFromSnapshot() {
        return restartsFromSnapshot.get();
    }

    /** Where member {@code id} keeps its log. */
    public Path logDir(NodeId id) {
        return member(id).logDir;
    }

    /** Member {@code id}'s running Raft node. */
    public RaftNode raft(NodeId id) {
        return running(id).raft();
    }

    /** Member {@code id}'s open log (as its Raft node sees it: wrapped, if the cluster wraps logs). */
    public LogStore log(NodeId id) {
        return running(id).log();
    }

    /** Member {@code id}'s transport: sends as that member, for tests that forge or replay messages. */
    public Transport transport(NodeId id) {
        return running(id).transport();
    }

    /** The cluster id the members carry ({@link ClusterId#UNKNOWN} unless the builder named one). */
    public ClusterId clusterId() {
        return clusterId;
    }

    /** How many snapshots member {@code id}'s current (or, if down, last) state machine took. */
    public int snapshotsTaken(NodeId id) {
        CheckingStateMachine sm = member(id).lastStateMachine();
        return sm == null ? 0 : sm.snapshotsTaken();
    }

    public boolean isUp(NodeId id) {
        return member(id).current() != null;
    }

    /** Up and not disconnected. */
    public boolean isConnected(NodeId id) {
        return isUp(id) && connected.contains(id);
    }

    /** Members that are up and not disconnected. */
    public List<NodeId> connectedNodes() {
        return ids.stream().filter(this::isConnected).collect(Collectors.toList());
    }

    /** Highest index member {@code id}'s current (or, if down, last) state machine applied. */
    public long appliedIndex(NodeId id) {
        CheckingStateMachine sm = member(id).lastStateMachine();
        return sm == null ? 0 : sm.lastApplied();
    }

    /** Member {@code id}'s status, checked for election safety; empty while it is down. */
    public Optional<RaftStatus> status(NodeId id) {
        Member.Incarnation inc = member(id).current();
        if (inc == null) {
            return Optional.empty();
        }
        RaftStatus status;
        try {
            status = inc.raft().status();
        } catch (RuntimeException e) {
            if (member(id).current() != inc) {
                return Optional.empty(); // crashed by another thread while we asked
            }
            throw e;
        }
        leaders.observe(status);
        return Optional.of(status);
    }

    // ---------------------------------------------------------------- faults

    private synchronized RaftCluster startAll() {
        for (Member m : members.values()) {
            if (initialVoters.contains(m.id)) {
                launch(m);
            }
        }
        LOG.info("started {} members ({} logs), {}", ids.size(), logKind.providerName(), seed.replayHint());
        return this;
    }

    /** Crashes member {@code id}: closes it, loses its unsynced log writes and removes it from the network. */
    public synchronized void crash(NodeId id) {
        Member m = member(id);
        Member.Incarnation inc = running(id);
        m.down(); // first, so other threads stop asking it for its status
        inc.raft().close();
        inc.stateMachine().retire();
        logKind.crash(inc.opened());
        network.crash(id);
        LOG.debug("crashed {}", id);
    }

    /** Stops member {@code id} cleanly: closes it and its log (syncing it), and removes it from the network. */
    public synchronized void stop(NodeId id) {
        Member m = member(id);
        Member.Incarnation inc = running(id);
        m.down();
        inc.raft().close();
        inc.stateMachine().retire();
        inc.log().close();
        network.crash(id);
        LOG.debug("stopped {}", id);
    }

    /**
     * Restarts a crashed or stopped member: reopens its log, joins the network (connected unless it was
     * {@link #disconnect disconnected}) and starts a new Raft node on a state machine restored from its disk.
     * If the log cannot be opened its exception is thrown and the member stays down.
     */
    public synchronized void restart(NodeId id) {
        Member m = member(id);
        if (m.current() != null) {
            throw new IllegalStateException(id + " is running; crash or stop it before restarting it");
        }
        launch(m);
        LOG.debug("restarted {}", id);
    }

    /**
     * Starts spare node {@code id} (never started before) as a new, empty member that joins the group: it waits,
     * outside the configuration, until the leader adds it ({@link MembershipChange#addLearner}). Its restarts join
     * the same way.
     */
    public synchronized void join(NodeId id) {
        Member m = member(id);
        if (m.current() != null || m.lastStateMachine() != null) {
            throw new IllegalStateException(id + " has run before; join starts a new, empty member");
        }
        m.joining = true;
        launch(m);
        LOG.debug("{} joins", id);
    }

    /** The configuration member {@code id} has in effect; empty while it is down. */
    public Optional<Membership> membership(NodeId id) {
        return status(id).map(RaftStatus::membership);
    }

    /**
     * Applies {@code change} through the leader, as an operator would: reads the leader's configuration index, asks
     * for the change with it, and waits for the result. Retries (through whichever member leads) when the leader is
     * lost or busy with a transfer, or an earlier change is still in flight; a change that took effect before its
     * leader was lost counts as done. Other refusals are thrown. Returns the configuration the change made.
     */
    public Membership changeMembership(MembershipChange change) {
        long deadline = System.nanoTime() + ONE_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            assertSafe();
            NodeId leader = checkOneLeader();
            Optional<Membership> current = membership(leader);
            if (current.isEmpty()) {
                continue;
            }
            if (done(change, current.get())) {
                // done already (by an earlier attempt whose leader was lost): once committed, that is the result
                Optional<RaftStatus> status = status(leader);
                if (status.isPresent() && status.get().commitIndex() >= current.get().index()) {
                    return current.get();
                }
                Poll.pause(Duration.ofMillis(20));
                continue;
            }
            try {
                return raft(leader).changeMembership(change, current.get().index())
                        .get(ONLY_PROPOSAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof MembershipChangeException m
                        && m.reason() != MembershipChangeException.Reason.CHANGE_IN_PROGRESS
                        && m.reason() != MembershipChangeException.Reason.STALE_CONFIGURATION
                        && (m.current() == null || !done(change, m.current()))) {
                    throw m;
                }
                if (!(cause instanceof io.eraft.api.raft.RaftException)) {
                    throw new IllegalStateException("membership change " + change + " failed: " + cause, cause);
                }
                // not leading any more, stopped, transferring, replaced by another leader's entry, or an earlier
                // change still in flight: ask again
            } catch (TimeoutException | IllegalStateException e) {
                // the leader went away while we asked; ask the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while changing the membership", e);
            }
            Poll.pause(Duration.ofMillis(50));
        }
        throw noProgress("membership change " + change + " did not complete within " + ONE_TIMEOUT + "; "
                + describeStatuses());
    }

    private static boolean done(MembershipChange change, Membership m) {
        return switch (change.type()) {
            case ADD_LEARNER -> m.contains(change.member());
            case PROMOTE -> m.isVoter(change.member());
            case REMOVE -> !m.contains(change.member());
        };
    }

    /** Cuts every link of member {@code id}. */
    public synchronized void disconnect(NodeId id) {
        member(id);
        connected.remove(id);
        network.disconnect(id);
    }

    /** Restores member {@code id}'s links (a partition still applies). */
    public synchronized void connect(NodeId id) {
        member(id);
        connected.add(id);
        network.connect(id);
    }

    /** Splits the members into sides that cannot reach each other; members named nowhere form one more side. */
    public synchronized void partition(List<List<NodeId>> sides) {
        network.partition(sides);
    }

    /** Ends the partition. */
    public synchronized void heal() {
        network.heal();
    }

    /** Unreliable: drops about 10% of requests and replies and delays the rest by up to 26 ms. */
    public void setReliable(boolean reliable) {
        network.setReliable(reliable);
    }

    /** Delays many replies by 200 ms to over 2 s, so they arrive long out of order. */
    public void setLongReordering(boolean on) {
        network.setLongReordering(on);
    }

    /** Proposes {@code command} to member {@code id}; a down member gives a failed future. */
    public CompletableFuture<byte[]> propose(NodeId id, byte[] command) {
        Member.Incarnation inc = member(id).current();
        if (inc == null) {
            return CompletableFuture.failedFuture(new RaftStoppedException(id + " is down"));
        }
        try {
            return inc.raft().propose(command);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---------------------------------------------------------------- checks

    /** Waits for exactly one leader among the connected members, in their highest term, and returns it. */
    public NodeId checkOneLeader() {
        return checkOneLeaderAmong(connectedNodes());
    }

    /**
     * Waits until one member of {@code group} that is up leads in the highest term any of them has, and returns it.
     * Fails at once if two members of the group lead in one term, or when none leads before the deadline.
     */
    public NodeId checkOneLeaderAmong(Collection<NodeId> group) {
        Duration timeout = leaderTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            assertSafe();
            Map<Long, List<NodeId>> leadersByTerm = new TreeMap<>();
            long highestTerm = -1;
            for (NodeId id : group) {
                Optional<RaftStatus> status = status(id);
                if (status.isEmpty()) {
                    continue;
                }
                highestTerm = Math.max(highestTerm, status.get().term());
                if (status.get().role() == Role.LEADER) {
                    leadersByTerm.computeIfAbsent(status.get().term(), t -> new ArrayList<>()).add(id);
                }
            }
            for (Map.Entry<Long, List<NodeId>> e : leadersByTerm.entrySet()) {
                if (e.getValue().size() > 1) {
                    throw failure("term " + e.getKey() + " has " + e.getValue().size() + " leaders: " + e.getValue());
                }
            }
            List<NodeId> current = leadersByTerm.get(highestTerm);
            if (current != null) {
                return current.get(0);
            }
            if (System.nanoTime() - deadline > 0) {
                throw noProgress("expected one leader among " + group + " within " + timeout + ", got none; "
                        + describeStatuses());
            }
            Poll.pause(CHECK_INTERVAL);
        }
    }

    /**
     * Checks that no connected member becomes leader for two election timeouts (call it when the connected members
     * are no majority).
     */
    public void checkNoLeader() {
        long end = System.nanoTime() + electionTimeout().multipliedBy(2).toNanos();
        do {
            assertSafe();
            for (NodeId id : connectedNodes()) {
                Optional<RaftStatus> status = status(id);
                if (status.isPresent() && status.get().role() == Role.LEADER) {
                    throw failure("expected no leader among connected " + connectedNodes() + ", but " + id
                            + " leads in term " + status.get().term());
                }
            }
            Poll.pause(CHECK_INTERVAL);
        } while (System.nanoTime() - end < 0);
    }

    /** Waits until every connected member is in the same term and returns it. */
    public long checkTerms() {
        Duration timeout = leaderTimeout();
        long[] term = new long[1];
        boolean agreed = Poll.until(timeout, () -> {
            assertSafe();
            Set<Long> terms = connectedNodes().stream().map(this::status).flatMap(Optional::stream)
                    .map(RaftStatus::term).collect(Collectors.toSet());
            if (terms.size() == 1) {
                term[0] = terms.iterator().next();
                return true;
            }
            return false;
        });
        if (!agreed) {
            throw failure("connected members did not agree on a term within " + timeout + "; " + describeStatuses());
        }
        return term[0];
    }

    /** How many members applied {@code index}, and what it holds. */
    public Committed nCommitted(long index) {
        int count = 0;
        for (Member m : members.values()) {
            CheckingStateMachine sm = m.lastStateMachine();
            if (sm != null && sm.lastApplied() >= index) {
                count++;
            }
        }
        return new Committed(count, history.at(index));
    }

    /** Waits until at least {@code servers} members applied {@code index}; returns what it holds. */
    public AppliedEntry awaitApplied(long index, int servers) {
        if (!Poll.until(ONE_TIMEOUT, () -> {
            assertSafe();
            return nCommitted(index).count() >= servers;
        })) {
            throw noProgress("index " + index + " was applied by " + nCommitted(index).count() + " members, expected "
                    + servers + ", within " + ONE_TIMEOUT + "; " + describeStatuses());
        }
        return history.at(index).orElseThrow();
    }

    /**
     * Gets {@code command} committed and returns its index (MIT's {@code one()}): proposes it to a connected leader
     * and waits until at least {@code expectedServers} members applied it. With {@code retry} it proposes again
     * (possibly through another leader) until 20 s pass; without, the first proposal a leader took must succeed.
     * Also checks that the leader answered the proposal with the index the command landed at. Needs the built-in
     * state machine (no {@link Builder#stateMachines application state machines}).
     */
    public long one(byte[] command, int expectedServers, boolean retry) {
        if (applications != null) {
            throw new IllegalStateException("one() reads log indexes from the built-in state machine's results; "
                    + "with application state machines, propose and check through the application");
        }
        long deadline = System.nanoTime() + ONE_TIMEOUT.toNanos();
        int start = 0;
        while (System.nanoTime() - deadline < 0) {
            assertSafe();
            for (int k = 0; k < ids.size(); k++) {
                NodeId id = id(start + k);
                if (!isConnected(id) || status(id).map(s -> s.role() != Role.LEADER).orElse(true)) {
                    continue;
                }
                Duration wait = retry ? PROPOSE_WAIT : ONLY_PROPOSAL_WAIT;
                ProposalOutcome outcome = proposeAndWait(id, command, wait);
                if (outcome == ProposalOutcome.REFUSED) {
                    continue;
                }
                if (outcome.index() > 0) {
                    checkAnsweredWithOwnIndex(id, outcome.index(), command);
                    long index = outcome.index();
                    Duration commitWait = retry ? COMMIT_WAIT : ONLY_PROPOSAL_WAIT;
                    if (Poll.until(commitWait, () -> nCommitted(index).holds(command, expectedServers))) {
                        assertSafe();
                        return index;
                    }
                }
                if (!retry) {
                    throw noProgress("one(" + Commands.describe(command) + ") did not reach agreement on "
                            + expectedServers + " members (" + outcome + "); " + describeStatuses());
                }
                break;
            }
            start++;
            Poll.pause(Duration.ofMillis(50));
        }
        throw noProgress("one(" + Commands.describe(command) + ") failed to reach agreement on " + expectedServers
                + " members within " + ONE_TIMEOUT + "; " + describeStatuses());
    }

    private ProposalOutcome proposeAndWait(NodeId id, byte[] command, Duration wait) {
        try {
            byte[] result = propose(id, command).get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return ProposalOutcome.applied(Commands.decodeIndexResult(result));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NotLeaderException || e.getCause() instanceof RaftStoppedException) {
                return ProposalOutcome.REFUSED;
            }
            return ProposalOutcome.failed(e.getCause());
        } catch (TimeoutException e) {
            return ProposalOutcome.timedOut(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a proposal (test timed out?)", e);
        }
    }

    private void checkAnsweredWithOwnIndex(NodeId leader, long index, byte[] command) {
        Optional<AppliedEntry> there = history.at(index);
        if (there.isEmpty() || !there.get().isCommand(command)) {
            throw failure("result routing: " + leader + " answered the proposal of " + Commands.describe(command)
                    + " with index " + index + ", which holds " + there.map(AppliedEntry::toString).orElse("nothing"));
        }
    }

    /** Fails with the first safety violation found so far, if any. */
    public void assertSafe() {
        Optional<String> first = violations.first();
        if (first.isPresent()) {
            List<String> all = violations.list();
            throw failure("safety violation (" + violations.count() + " found): " + first.get()
                    + (all.size() > 1 ? "; then: " + String.join("; ", all.subList(1, all.size())) : ""));
        }
    }

    /** An AssertionError whose message ends with the seed to replay. */
    public AssertionError failure(String message) {
        return new AssertionError(message + " [" + seed.replayHint() + "]");
    }

    /** Like {@link #failure}, for progress that never came: also logs every thread's stack, to tell a hang. */
    private AssertionError noProgress(String message) {
        AssertionError e = failure(message);
        LOG.warn("{}\n{}", e.getMessage(), ThreadDump.all());
        return e;
    }

    /** One line per member: role, term, leader, commit/applied indexes, log bounds and bytes. */
    public String describeStatuses() {
        return ids.stream().map(id -> {
            Optional<RaftStatus> s = status(id);
            String link = connected.contains(id) ? "" : " (disconnected)";
            return s.map(st -> id + link + ": " + st.role() + " t" + st.term() + " leader=" + st.leader()
                            + " commit=" + st.commitIndex() + " applied=" + st.appliedIndex() + " log=["
                            + st.firstLogIndex() + ".." + st.lastLogIndex() + "] snap=" + st.snapshotIndex()
                            + " " + st.logBytes() + "B"
                            + (st.membership() == null ? "" : " cfg@" + st.configurationIndex() + " voters="
                            + st.voters() + (st.learners().isEmpty() ? "" : " learners=" + st.learners())))
                    .orElse(id + link + ": down, last applied " + appliedIndex(id));
        }).collect(Collectors.joining(" | ", "statuses: ", ""));
    }

    private Duration leaderTimeout() {
        Duration scaled = electionTimeout().multipliedBy(12);
        return scaled.compareTo(Duration.ofSeconds(5)) > 0 ? scaled : Duration.ofSeconds(5);
    }

    // ---------------------------------------------------------------- lifecycle

    private void launch(Member m) {
        LogStore opened = logKind.open(m.logDir);
        LogStore log = logWrapper == null ? opened : logWrapper.apply(m.id, opened);
        Transport transport = null;
        RaftNode raft = null;
        try {
            Files.createDirectories(m.workDir);
            Files.createDirectories(m.stateDir);
            transport = network.join(m.id);
            CheckingStateMachine sm = applications == null
                    ? CheckingStateMachine.restore(m.id, history, violations, disk, snapshotPaddingBytes)
                    : CheckingStateMachine.wrap(m.id, history, violations, disk, snapshotPaddingBytes,
                    applications.create(m.id, m.stateDir));
            if (sm.lastApplied() > 0) {
                restartsFromSnapshot.incrementAndGet();
            }
            long nodeSeed = seed.derive(1_000_000L * (m.ordinal + 1) + m.nextStart());
            RaftNodeSpec spec = new RaftNodeSpec(GROUP, m.id, m.joining ? ids : initialVoters, config, transport,
                    log, sm, m.workDir, System::nanoTime, nodeSeed, clusterId, m.joining)
                    .withMetrics(metrics.withLabels("node", m.id.value()));
            raft = RaftProvider.get().create(spec);
            m.up(new Member.Incarnation(raft, log, opened, transport, sm));
            if (connected.contains(m.id)) {
                network.connect(m.id);
            } else {
                network.disconnect(m.id);
            }
            raft.start();
        } catch (IOException | RuntimeException e) {
            m.down();
            if (raft != null) {
                raft.close();
            }
            log.close();
            if (transport != null) {
                network.crash(m.id);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot create the directories of " + m.id, io);
            }
            throw (RuntimeException) e;
        }
    }

    private Member member(NodeId id) {
        Member m = members.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no member " + id + " in " + ids);
        }
        return m;
    }

    private Member.Incarnation running(NodeId id) {
        Member.Incarnation inc = member(id).current();
        if (inc == null) {
            throw new IllegalStateException(id + " is down");
        }
        return inc;
    }

    /**
     * Stops every member, closes their logs and the network, removes the cluster's files, then fails if a safety
     * violation was ever found.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> errors = new ArrayList<>();
        for (Member m : members.values()) {
            Member.Incarnation inc = m.current();
            if (inc == null) {
                continue;
            }
            m.down();
            runQuietly(errors, () -> inc.raft().close());
            inc.stateMachine().retire();
            runQuietly(errors, () -> inc.log().close());
        }
        runQuietly(errors, network::close);
        for (Member m : members.values()) {
            runQuietly(errors, () -> logKind.forget(m.logDir));
        }
        if (ownsBaseDir) {
            runQuietly(errors, () -> deleteTree(baseDir));
        }
        assertSafe();
        if (!errors.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing the cluster failed: " + errors.get(0),
                    errors.get(0));
            errors.subList(1, errors.size()).forEach(e::addSuppressed);
            throw e;
        }
    }

    private static void runQuietly(List<RuntimeException> errors, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Settings of a cluster to build. */
    public static final class Builder {
        private final int servers;
        private final TestSeed seed;
        private RaftConfig config = testConfig();
        private LogKind logKind = LogKind.MEMORY;
        private int snapshotPaddingBytes;
        private StateMachineFactory applications;
        private ClusterId clusterId = ClusterId.UNKNOWN;
        private BiFunction<NodeId, LogStore, LogStore> logWrapper;
        private Metrics metrics = Metrics.NOOP;
        private Path baseDir;
        private int initialVoters = -1;

        private Builder(int servers, TestSeed seed) {
            if (servers < 1) {
                throw new IllegalArgumentException("a cluster needs at least one member: " + servers);
            }
            this.servers = servers;
            this.seed = seed;
        }

        /** Raft settings (default {@link #testConfig()}). */
        public Builder config(RaftConfig config) {
            this.config = config;
            return this;
        }

        /** Which log the members use (default {@link LogKind#MEMORY}). */
        public Builder logKind(LogKind logKind) {
            this.logKind = logKind;
            return this;
        }

        /** Extra bytes in each streamed snapshot, to make it span several chunks (default 0). */
        public Builder snapshotPaddingBytes(int bytes) {
            this.snapshotPaddingBytes = bytes;
            return this;
        }

        /**
         * Replicates into application state machines built by {@code factory} (wrapped in the safety checks)
         * instead of the built-in one; {@link RaftCluster#one} is then unavailable.
         */
        public Builder stateMachines(StateMachineFactory factory) {
            this.applications = factory;
            return this;
        }

        /** The cluster the members belong to and carry in every message (default {@link ClusterId#UNKNOWN}). */
        public Builder clusterId(ClusterId id) {
            this.clusterId = id;
            return this;
        }

        /**
         * Hands each member's log, every time it is opened, to {@code wrapper}, and gives Raft what it returns (a
         * log that fails on demand, say). Crashes still act on the log as opened.
         */
        public Builder wrapLogs(BiFunction<NodeId, LogStore, LogStore> wrapper) {
            this.logWrapper = wrapper;
            return this;
        }

        /**
         * Where every member records its metrics, labelled {@code node} with its id, as a server labels them (default
         * {@link Metrics#NOOP}). Each incarnation of a member records into the same series.
         */
        public Builder metrics(Metrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /**
         * Only the first {@code voters} members form the group and start; the others are spares, started with
         * {@link RaftCluster#join} (default: every member is in the group).
         */
        public Builder initialVoters(int voters) {
            if (voters < 1 || voters > servers) {
                throw new IllegalArgumentException("initial voters must be in [1, " + servers + "]: " + voters);
            }
            this.initialVoters = voters;
            return this;
        }

        /** Where the members keep their files (default: a temporary directory removed on close). */
        public Builder baseDir(Path dir) {
            this.baseDir = dir;
            return this;
        }

        /** Builds the cluster and starts every member. */
        public RaftCluster start() {
            Path dir = baseDir;
            boolean owned = false;
            try {
                if (dir == null) {
                    dir = Files.createTempDirectory("eraft-raft-cluster-");
                    owned = true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for the cluster", e);
            }
            RaftCluster cluster;
            try {
                cluster = new RaftCluster(this, dir.toAbsolutePath().normalize(), owned);
            } catch (RuntimeException | Error e) {
                if (owned) {
                    deleteTree(dir);
                }
                throw e;
            }
            try {
                return cluster.startAll();
            } catch (RuntimeException | Error e) {
                try {
                    cluster.close();
                } catch (RuntimeException | Error suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }
}

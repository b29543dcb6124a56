package io.eraft.raft.scenario;

import com.google.protobuf.ByteString;
import io.eraft.api.cluster.ClusterId;
import io.eraft.api.log.EntryType;
import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStore;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftNodeSpec;
import io.eraft.api.raft.RaftProvider;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.raft.StateMachine;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.raft.proto.AppendRequest;
import io.eraft.raft.proto.AppendResponse;
import io.eraft.raft.proto.Entry;
import io.eraft.raft.proto.HeartbeatRequest;
import io.eraft.raft.proto.HeartbeatResponse;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.RaftResponse;
import io.eraft.raft.proto.SnapshotChunk;
import io.eraft.raft.proto.VoteRequest;
import io.eraft.raft.proto.VoteResponse;
import io.eraft.raft.testing.Commands;
import io.eraft.raft.testing.LogKind;
import io.eraft.raft.testing.RaftCluster;
import io.eraft.raft.testing.RaftWire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only members of the cluster speak for the group. Each case was seen against a running group: forged heartbeats
 * and appends with huge terms, a forged InstallSnapshot, a member speaking for the leader, faked votes, a transfer
 * flag nobody announced, and a member of another cluster with the same member ids. Each must be refused, leave every
 * term where it was and every acknowledged write in place.
 *
 * <p>Elections time out after 0.5-1 s here, so that the terms of a healthy group stay put while a test looks.
 */
@Timeout(120)
class ForgedMessageScenarioTest {
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final ClusterId OURS = ClusterId.derive("forged-message-scenario", Map.of());
    private static final ClusterId FOREIGN = ClusterId.derive("another-cluster", Map.of());
    private static final long ABSURD_TERM = (1L << 53) + 1;
    private static final NodeId INTRUDER = NodeId.of("intruder");

    private static RaftCluster cluster(TestSeed seed) {
        RaftConfig config = RaftCluster.testConfig().toBuilder().electionTicks(50).build();
        return RaftCluster.builder(3, seed).config(config).clusterId(OURS).start();
    }

    @Test
    void heartbeatsAndAppendsWithHugeTermsFromNonMembersOrAnotherClusterLeaveEveryTermAndEntryInPlace(TestSeed seed) {
        try (RaftCluster c = cluster(seed)) {
            Map<Long, byte[]> acknowledged = writeAcknowledged(c, "before", 5);
            NodeId leader = c.checkOneLeader();
            Map<NodeId, Long> terms = terms(c);
            Map<NodeId, List<String>> logs = logs(c);

            Transport intruder = c.network().join(INTRUDER);
            try {
                for (NodeId target : c.ids()) {
                    NodeId member = c.next(target, 1);
                    for (long term : List.of(1L << 40, ABSURD_TERM, Long.MAX_VALUE)) {
                        RaftWire.expectRefused(intruder, target, heartbeat(OURS, INTRUDER, term));
                        RaftWire.expectRefused(intruder, target, overwritingAppend(OURS, INTRUDER, term));
                        RaftWire.expectRefused(c.transport(member), target, heartbeat(FOREIGN, member, term));
                        RaftWire.expectRefused(c.transport(member), target, overwritingAppend(FOREIGN, member, term));
                    }
                    // A member of this cluster, but a term no real group reaches: refused as absurd.
                    RaftWire.expectRefused(c.transport(member), target, heartbeat(OURS, member, Long.MAX_VALUE));
                    RaftWire.expectRefused(c.transport(member), target, heartbeat(OURS, member, ABSURD_TERM));
                    RaftWire.expectRefused(c.transport(member), target,
                            overwritingAppend(OURS, member, Long.MAX_VALUE));
                }
            } finally {
                intruder.close();
            }

            assertUntouched(c, leader, terms, logs);
            assertAcknowledgedWritesKept(c, acknowledged);
        }
    }

    @Test
    void forgedInstallSnapshotFromANonMemberOrSpeakingForTheLeaderReplacesNothing(TestSeed seed) {
        try (RaftCluster c = cluster(seed)) {
            Map<Long, byte[]> acknowledged = writeAcknowledged(c, "before", 5);
            NodeId leader = c.checkOneLeader();
            Map<NodeId, Long> terms = terms(c);
            Map<NodeId, List<String>> logs = logs(c);
            long term = terms.get(leader);

            Transport intruder = c.network().join(INTRUDER);
            try {
                for (NodeId target : c.ids()) {
                    RaftWire.expectRefused(intruder, target, snapshot(OURS, INTRUDER, term + 1));
                    NodeId follower = c.next(target, 1);
                    if (!follower.equals(leader)) {
                        // a member, but speaking for the leader it is not
                        RaftWire.expectRefused(c.transport(follower), target, snapshot(OURS, leader, term));
                    }
                    RaftWire.expectRefused(c.transport(follower), target, snapshot(FOREIGN, follower, term + 1));
                }
            } finally {
                intruder.close();
            }

            assertUntouched(c, leader, terms, logs);
            assertEquals(0, c.history().installCount(), "a forged snapshot was installed");
            assertAcknowledgedWritesKept(c, acknowledged);
        }
    }

    @Test
    void appendThatNamesTheLeaderButIsSentByAnotherMemberIsRefused(TestSeed seed) {
        try (RaftCluster c = cluster(seed)) {
            Map<Long, byte[]> acknowledged = writeAcknowledged(c, "before", 5);
            NodeId leader = c.checkOneLeader();
            NodeId impostor = c.next(leader, 1);
            NodeId victim = c.next(leader, 2);
            Map<NodeId, Long> terms = terms(c);
            Map<NodeId, List<String>> logs = logs(c);
            long term = terms.get(leader);

            RaftRequest append = RaftRequest.newBuilder()
                    .setClusterId(OURS.value()).setAppend(AppendRequest.newBuilder().setTerm(term)
                            .setLeader(leader.value()).setPrevLogIndex(0).setPrevLogTerm(0).setLeaderCommit(3)
                            .addAllEntries(garbageEntries(1, 3, term))).build();
            Throwable refusal = RaftWire.expectRefused(c.transport(impostor), victim, append);
            assertTrue(String.valueOf(refusal.getMessage()).contains("speaks for itself"), String.valueOf(refusal));
            RaftWire.expectRefused(c.transport(impostor), victim, heartbeat(OURS, leader, term + 5));

            assertUntouched(c, leader, terms, logs);
            assertAcknowledgedWritesKept(c, acknowledged);
        }
    }

    /**
     * A member alone (the others are down) gets vote grants and heartbeat acknowledgements from impostors that hold
     * the other members' ids: one of another cluster, one that names no cluster (a client's tool). It must not count
     * them: it never leads and its term does not move.
     */
    @Test
    void fakedVotesFromAnotherClusterOrWithoutAClusterDoNotElectALoneMember(TestSeed seed) {
        try (RaftCluster c = cluster(seed)) {
            Map<Long, byte[]> acknowledged = writeAcknowledged(c, "before", 3);
            NodeId leader = c.checkOneLeader();
            NodeId lone = c.next(leader, 1);
            NodeId other = c.next(leader, 2);
            c.stop(leader);
            c.stop(other);
            long term = c.status(lone).orElseThrow().term();

            Transport fakeLeader = impostor(c, leader, FOREIGN);
            Transport fakeOther = impostor(c, other, ClusterId.UNKNOWN);
            try {
                assertNeverLeads(c, lone, c.electionTimeout().multipliedBy(4));
                assertEquals(term, c.status(lone).orElseThrow().term(), lone + "'s term moved on faked votes");
            } finally {
                fakeLeader.close();
                fakeOther.close();
            }

            c.restart(leader);
            c.restart(other);
            c.checkOneLeader();
            assertAcknowledgedWritesKept(c, acknowledged);
        }
    }

    @Test
    void voteRequestWithTheTransferFlagNobodyAnnouncedDoesNotDeposeALeaderWithinItsLease(TestSeed seed)
            throws Exception {
        try (RaftCluster c = cluster(seed)) {
            Map<Long, byte[]> acknowledged = writeAcknowledged(c, "before", 3);
            NodeId leader = c.checkOneLeader();
            NodeId claimant = c.next(leader, 1);
            Map<NodeId, Long> terms = terms(c);
            Map<NodeId, List<String>> logs = logs(c);
            long term = terms.get(leader);
            LogStore log = c.log(claimant);
            RaftRequest claim = RaftRequest.newBuilder().setClusterId(OURS.value()).setVote(VoteRequest.newBuilder()
                    .setTerm(term + 1).setCandidate(claimant.value()).setLastLogIndex(log.lastIndex())
                    .setLastLogTerm(log.term(log.lastIndex())).setTransfer(true)).build();

            for (NodeId voter : c.ids()) {
                if (voter.equals(claimant)) {
                    continue;
                }
                RaftWire.Outcome o = RaftWire.send(c.transport(claimant), voter, claim);
                assertFalse(o.refused(), "a member's well-formed vote request is answered: " + o.refusal());
                VoteResponse v = o.response().getVote();
                assertFalse(v.getGranted(), voter + " granted a transfer vote its leader never announced");
                assertEquals(term, v.getTerm(), voter + " moved to the claimant's term");
            }
            assertUntouched(c, leader, terms, logs);

            // An announced transfer still goes through.
            c.raft(leader).transferLeadership(claimant).get(10, TimeUnit.SECONDS);
            assertEquals(claimant, c.checkOneLeader());
            assertAcknowledgedWritesKept(c, acknowledged);
        }
    }

    /**
     * A copied configuration: a member of cluster B, with the same member ids, a longer log and a higher term, starts
     * next to a member of cluster A whose peers are down. Without the cluster check A's member would vote for it and
     * take B's entries. It must neither elect B's member nor move its term or log.
     */
    @Test
    void memberOfAnotherClusterWithTheSameIdsCannotBeElectedNorWriteIntoThisOne(TestSeed seed, @TempDir Path dir)
            throws Exception {
        try (RaftCluster c = cluster(seed)) {
            Map<Long, byte[]> acknowledged = writeAcknowledged(c, "cluster-a", 5);
            NodeId leader = c.checkOneLeader();
            NodeId survivor = c.next(leader, 1);
            NodeId copied = c.next(leader, 2);
            c.stop(leader);
            c.stop(copied);
            long term = c.status(survivor).orElseThrow().term();
            List<String> survivorLog = logOf(c, survivor);

            LogStore foreignLog = LogKind.MEMORY.open(dir.resolve("b-log"));
            RaftNode foreign = null;
            try {
                List<LogEntry> entries = new ArrayList<>();
                for (int i = 1; i <= 50; i++) {
                    entries.add(new LogEntry(i, term + 7, EntryType.COMMAND, Commands.of("cluster-b-" + i)));
                }
                foreignLog.append(entries).get(10, TimeUnit.SECONDS);
                foreignLog.saveHardState(new HardState(term + 7, null)).get(10, TimeUnit.SECONDS);
                foreign = RaftProvider.get().create(new RaftNodeSpec(RaftCluster.GROUP, copied, c.ids(), c.config(),
                        c.network().join(copied), foreignLog, new Counting(), dir.resolve("b-work"),
                        System::nanoTime, seed.derive(77), FOREIGN));
                foreign.start();

                RaftNode b = foreign;
                long end = System.nanoTime() + c.electionTimeout().multipliedBy(4).toNanos();
                while (System.nanoTime() - end < 0) {
                    assertTrue(b.status().role() != Role.LEADER, "cluster B's member was elected in cluster A; "
                            + c.describeStatuses());
                    assertTrue(c.status(survivor).orElseThrow().role() != Role.LEADER);
                    Poll.pause(Poll.INTERVAL);
                }
                assertEquals(term, c.status(survivor).orElseThrow().term(), survivor + "'s term moved");
                assertEquals(term + 7, b.status().term(), "cluster B's member took cluster A's term");
                assertEquals(survivorLog, logOf(c, survivor), "cluster B's entries reached cluster A");
            } finally {
                if (foreign != null) {
                    foreign.close();
                }
                foreignLog.close();
                c.network().crash(copied);
                LogKind.MEMORY.forget(dir.resolve("b-log"));
            }

            c.restart(leader);
            c.restart(copied);
            assertAcknowledgedWritesKept(c, acknowledged);
        }
    }

    // ---------------------------------------------------------------- forged messages

    private static RaftRequest heartbeat(ClusterId cluster, NodeId leader, long term) {
        return RaftRequest.newBuilder().setClusterId(cluster.value()).setHeartbeat(HeartbeatRequest.newBuilder()
                .setTerm(term).setLeader(leader.value()).setCommit(1_000)).build();
    }

    /** An append that would replace entries 1..3 and commit them. */
    private static RaftRequest overwritingAppend(ClusterId cluster, NodeId leader, long term) {
        return RaftRequest.newBuilder().setClusterId(cluster.value()).setAppend(AppendRequest.newBuilder()
                .setTerm(term).setLeader(leader.value()).setPrevLogIndex(0).setPrevLogTerm(0).setLeaderCommit(3)
                .addAllEntries(garbageEntries(1, 3, term))).build();
    }

    private static List<Entry> garbageEntries(long from, int count, long term) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(Entry.newBuilder().setIndex(from + i).setTerm(term)
                    .setData(ByteString.copyFromUtf8("forged-" + (from + i))).build());
        }
        return entries;
    }

    /** A whole 41-byte snapshot far ahead of the group, in one chunk. */
    private static RaftRequest snapshot(ClusterId cluster, NodeId leader, long term) {
        return RaftRequest.newBuilder().setClusterId(cluster.value()).setSnapshot(SnapshotChunk.newBuilder()
                .setTerm(term).setLeader(leader.value()).setIndex(1_000).setSnapshotTerm(term).setOffset(0)
                .setData(ByteString.copyFromUtf8("a forged snapshot that replaces the store")).setDone(true))
                .build();
    }

    /**
     * Joins the network as {@code id} (which must be down) and answers every Raft request as a willing member of
     * {@code cluster} would: votes granted, appends and heartbeats acknowledged.
     */
    private static Transport impostor(RaftCluster c, NodeId id, ClusterId cluster) {
        Transport t = c.network().join(id);
        t.register(RaftWire.CHANNEL, (from, payload) -> {
            try {
                RaftRequest r = RaftRequest.parseFrom(payload);
                RaftResponse.Builder b = RaftResponse.newBuilder().setClusterId(cluster.value());
                switch (r.getBodyCase()) {
                    case VOTE -> b.setVote(VoteResponse.newBuilder().setTerm(r.getVote().getTerm()).setGranted(true));
                    case APPEND -> b.setAppend(AppendResponse.newBuilder().setTerm(r.getAppend().getTerm())
                            .setSuccess(true).setMatchIndex(r.getAppend().getPrevLogIndex()
                                    + r.getAppend().getEntriesCount()));
                    case HEARTBEAT -> b.setHeartbeat(HeartbeatResponse.newBuilder()
                            .setTerm(r.getHeartbeat().getTerm()).setOk(true)
                            .setReadSeq(r.getHeartbeat().getReadSeq()));
                    default -> {
                        return CompletableFuture.failedFuture(new IllegalArgumentException("not faked"));
                    }
                }
                return CompletableFuture.completedFuture(b.build().toByteArray());
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        return t;
    }

    // ---------------------------------------------------------------- checks

    private static Map<Long, byte[]> writeAcknowledged(RaftCluster c, String prefix, int count) {
        Map<Long, byte[]> acknowledged = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] command = Commands.of(prefix + "-" + i);
            acknowledged.put(c.one(command, 3, false), command);
        }
        return acknowledged;
    }

    /** Every acknowledged write still committed where it was, and the group still takes writes on all members. */
    private static void assertAcknowledgedWritesKept(RaftCluster c, Map<Long, byte[]> acknowledged) {
        long after = c.one(Commands.of("after-the-forgeries"), 3, true);
        acknowledged.forEach((index, command) -> {
            assertTrue(index < after);
            assertTrue(c.nCommitted(index).holds(command, 3), "index " + index + " no longer holds "
                    + Commands.describe(command) + " on every member");
        });
        c.assertSafe();
    }

    private static Map<NodeId, Long> terms(RaftCluster c) {
        c.checkTerms();
        Map<NodeId, Long> terms = new TreeMap<>();
        for (NodeId id : c.ids()) {
            terms.put(id, c.status(id).orElseThrow().term());
        }
        return terms;
    }

    private static Map<NodeId, List<String>> logs(RaftCluster c) {
        Map<NodeId, List<String>> logs = new TreeMap<>();
        for (NodeId id : c.ids()) {
            logs.put(id, logOf(c, id));
        }
        return logs;
    }

    /** Every entry of {@code id}'s log, as index@term:data. */
    private static List<String> logOf(RaftCluster c, NodeId id) {
        LogStore log = c.log(id);
        if (log.lastIndex() < log.firstIndex()) {
            return List.of();
        }
        return log.entries(log.firstIndex(), log.lastIndex() + 1, Long.MAX_VALUE).stream()
                .map(e -> e.index() + "@" + e.term() + ":" + HexFormat.of().formatHex(e.data()))
                .collect(Collectors.toList());
    }

    /** For two election timeouts: the same leader, every term and every log as before. */
    private static void assertUntouched(RaftCluster c, NodeId leader, Map<NodeId, Long> terms,
                                        Map<NodeId, List<String>> logs) {
        Poll.pause(c.electionTimeout().multipliedBy(2));
        assertEquals(terms, terms(c), "a refused message moved a term; " + c.describeStatuses());
        assertEquals(leader, c.checkOneLeader(), "the leader changed");
        assertEquals(logs, logs(c), "a refused message changed a log");
    }

    private static void assertNeverLeads(RaftCluster c, NodeId id, Duration period) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() - end < 0) {
            RaftStatus s = c.status(id).orElseThrow();
            if (s.role() == Role.LEADER) {
                throw c.failure(id + " was elected in term " + s.term() + " on faked votes");
            }
            Poll.pause(Poll.INTERVAL);
        }
    }

    /** Cluster B's state machine: applies nothing of interest. */
    private static final class Counting implements StateMachine {
        private volatile long applied;

        @Override
        public long lastApplied() {
            return applied;
        }

        @Override
        public List<byte[]> apply(List<LogEntry> committed) {
            applied = committed.get(committed.size() - 1).index();
            return new ArrayList<>(Collections.nCopies(committed.size(), (byte[]) null));
        }

        @Override
        public long takeSnapshot() {
            return applied;
        }

        @Override
        public SnapshotSource openSnapshot() {
            return SnapshotSource.ofBytes(applied, new byte[0]);
        }

        @Override
        public void installSnapshot(long index, InputStream data) {
            applied = index;
        }
    }
}

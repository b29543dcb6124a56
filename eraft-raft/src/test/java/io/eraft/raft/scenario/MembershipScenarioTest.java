package io.eraft.raft.scenario;

import io.eraft.api.raft.Membership;
import io.eraft.api.raft.MembershipChange;
import io.eraft.api.raft.MembershipChangeException;
import io.eraft.api.raft.MembershipChangeException.Reason;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.testing.Commands;
import io.eraft.raft.testing.RaftCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Membership changes (single-server, Raft thesis §4.1) under the safety checker: learners that catch up and are
 * promoted, removals of followers and of the leader, growing and shrinking, replacing every member while clients
 * write, a change lost with its leader, refusals that change nothing, and configurations that survive restarts,
 * snapshots and removed members that come back.
 */
@Timeout(120)
class MembershipScenarioTest {
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    /** Snapshots about every 10 entries of 16-byte commands, so new members get a snapshot before the log. */
    private static final long SNAPSHOT_THRESHOLD = 10L * (16 + 24);

    private static RaftConfig snapshotting() {
        return RaftCluster.testConfig().withSnapshotThresholdBytes(SNAPSHOT_THRESHOLD);
    }

    /** Without check-quorum: a leader cut off from the rest keeps leading (and appending) until it hears of a newer term. */
    private static RaftConfig noCheckQuorum() {
        return RaftCluster.testConfig().toBuilder().checkQuorum(false).build();
    }

    private static Set<NodeId> ids(RaftCluster c, int... members) {
        Set<NodeId> out = new java.util.TreeSet<>();
        for (int m : members) {
            out.add(c.id(m));
        }
        return out;
    }

    /** Waits until every member of {@code who} that is up has {@code expected} in effect. */
    private static void awaitConfiguration(RaftCluster c, Set<NodeId> who, Set<NodeId> voters, Set<NodeId> learners) {
        assertTrue(Poll.until(Duration.ofSeconds(20), () -> who.stream().allMatch(id -> c.membership(id)
                        .map(m -> m.voters().equals(voters) && m.learners().equals(learners)).orElse(true))),
                "expected voters " + voters + " learners " + learners + " on " + who + "; " + c.describeStatuses());
    }

    /** Adds {@code id} as a learner, waits until it caught up, and promotes it. */
    private static Membership addVoter(RaftCluster c, NodeId id) {
        c.join(id);
        Membership learner = c.changeMembership(MembershipChange.addLearner(id));
        assertTrue(learner.isLearner(id), "not a learner after its addition: " + learner);
        return promoteWhenCaughtUp(c, id);
    }

    /** Promotes learner {@code id}, retrying while the leader refuses it as lagging. */
    private static Membership promoteWhenCaughtUp(RaftCluster c, NodeId id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return c.changeMembership(MembershipChange.promote(id));
            } catch (MembershipChangeException e) {
                boolean lagging = e.reason() == Reason.LEARNER_LAGGING || e.reason() == Reason.VOTER_LAGGING;
                if (!lagging || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Poll.pause(Duration.ofMillis(50));
            }
        }
    }

    private static MembershipChangeException refusal(CompletableFuture<Membership> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(MembershipChangeException.class, e.getCause());
    }

    /** Waits until every acknowledged write is applied by every member of {@code on}. */
    private static void assertApplied(RaftCluster c, List<ChurnClients.Acknowledged> acked, Set<NodeId> on) {
        long max = acked.stream().mapToLong(ChurnClients.Acknowledged::index).max().orElse(0);
        assertTrue(Poll.until(Duration.ofSeconds(20), () -> on.stream().allMatch(id -> c.appliedIndex(id) >= max)),
                "members " + on + " did not apply through " + max + "; " + c.describeStatuses());
        for (ChurnClients.Acknowledged a : acked) {
            assertTrue(c.history().at(a.index()).map(e -> e.isCommand(a.command())).orElse(false),
                    "acknowledged " + Commands.describe(a.command()) + " at " + a.index() + " is not what was applied");
        }
    }

    @Test
    void learnerAddedUnderLoadCatchesUpFromASnapshotAndIsPromoted(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(4, seed).initialVoters(3).config(snapshotting()).start()) {
            for (int i = 0; i < 30; i++) {
                c.one(Commands.of("before-" + i), 3, true);
            }
            NodeId learner = c.id(3);
            List<ChurnClients.Acknowledged> acked;
            try (ChurnClients clients = new ChurnClients(c, 3, seed)) {
                Poll.pause(Duration.ofMillis(300));
                c.join(learner);
                Membership added = c.changeMembership(MembershipChange.addLearner(learner));
                assertEquals(ids(c, 0, 1, 2), added.voters());
                assertEquals(Set.of(learner), added.learners());
                assertTrue(Poll.until(Duration.ofSeconds(20), () -> c.appliedIndex(learner) > 0
                                && c.status(learner).map(s -> s.snapshotIndex() > 0).orElse(false)),
                        "the learner did not catch up from a snapshot; " + c.describeStatuses());
                assertTrue(c.status(learner).map(s -> s.role() == Role.FOLLOWER).orElse(false),
                        "a learner campaigned; " + c.describeStatuses());
                Membership promoted = promoteWhenCaughtUp(c, learner);
                assertEquals(ids(c, 0, 1, 2, 3), promoted.voters());
                assertTrue(promoted.learners().isEmpty());
                Poll.pause(Duration.ofMillis(300));
                acked = clients.stop();
            }
            assertTrue(acked.size() > 10, "the clients got only " + acked.size() + " writes acknowledged");
            awaitConfiguration(c, Set.copyOf(c.ids()), ids(c, 0, 1, 2, 3), Set.of());
            assertApplied(c, acked, ids(c, 0, 1, 2, 3));
            long index = c.one(Commands.of("after-promotion"), 4, true);
            assertTrue(c.awaitApplied(index, 4).isCommand(Commands.of("after-promotion")));
        }
    }

    @Test
    void learnerAddedWhileUnreachableCatchesUpOnceReachableWithoutNewWrites(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(4, seed).initialVoters(3).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId learner = c.id(3);
            c.join(learner);
            c.disconnect(learner); // the leader's first probe to it is lost
            Membership added = c.changeMembership(MembershipChange.addLearner(learner));
            Poll.pause(c.electionTimeout());
            c.connect(learner); // and nothing is written any more: only heartbeats can start its replication
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> c.appliedIndex(learner) >= added.index()),
                    "the learner never caught up; " + c.describeStatuses());
            assertEquals(added, c.membership(learner).orElseThrow());
        }
    }

    @Test
    void promotingALaggingLearnerIsRefusedAndChangesNothingUntilItCatchesUp(TestSeed seed) throws Exception {
        RaftConfig config = RaftCluster.testConfig().withMaxPromotionLag(5);
        try (RaftCluster c = RaftCluster.builder(4, seed).initialVoters(3).config(config).start()) {
            c.one(Commands.of("first"), 3, false);
            NodeId learner = c.id(3);
            c.join(learner);
            c.disconnect(learner);
            Membership added = c.changeMembership(MembershipChange.addLearner(learner));
            for (int i = 0; i < 20; i++) {
                c.one(Commands.of("while-lagging-" + i), 3, true);
            }
            NodeId leader = c.checkOneLeader();
            MembershipChangeException e = refusal(c.raft(leader).changeMembership(
                    MembershipChange.promote(learner), added.index()));
            assertEquals(Reason.LEARNER_LAGGING, e.reason(), e.getMessage());
            assertEquals(added, e.current());
            assertEquals(added, c.membership(leader).orElseThrow(), "a refused promotion changed the configuration");
            long lag = c.status(leader).map(s -> s.lastLogIndex() - s.matchIndexes().get(learner)).orElseThrow();
            assertTrue(lag > 5, "status reports the learner only " + lag + " entries behind");

            c.connect(learner);
            Membership promoted = promoteWhenCaughtUp(c, learner);
            assertTrue(promoted.isVoter(learner));
            c.one(Commands.of("after"), 4, true);
        }
    }

    @Test
    void learnersNeitherCountForCommitNorKeepALeaderWithoutAQuorumOfVoters(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(4, seed).initialVoters(3).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId learner = c.id(3);
            c.join(learner);
            c.changeMembership(MembershipChange.addLearner(learner));
            long index = c.one(Commands.of("with-learner"), 4, true);
            c.awaitApplied(index, 4);
            NodeId leader = c.checkOneLeader();
            List<NodeId> otherVoters = ids(c, 0, 1, 2).stream().filter(id -> !id.equals(leader)).toList();
            c.crash(otherVoters.get(0));
            c.crash(otherVoters.get(1));
            long committed = c.status(leader).orElseThrow().commitIndex();
            c.propose(leader, Commands.of("needs-a-voter"));
            // check-quorum: the learner's answers do not keep the leader
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> c.status(leader)
                            .map(st -> st.role() != Role.LEADER).orElse(false)),
                    "the leader kept leading with only a learner answering; " + c.describeStatuses());
            c.checkNoLeader(); // and the learner never campaigns
            assertEquals(committed, c.status(learner).orElseThrow().commitIndex(), "an entry committed with the "
                    + "learner counted; " + c.describeStatuses());
            c.restart(otherVoters.get(0));
            NodeId next = c.checkOneLeader();
            assertFalse(next.equals(learner), "the learner became leader");
            c.one(Commands.of("after"), 3, true);
        }
    }

    @Test
    void promotionWaitsForAVoterThatMissedTheLearnersAdditionSoThatItAdmitsTheNewLeader(TestSeed seed)
            throws Exception {
        try (RaftCluster c = RaftCluster.builder(4, seed).initialVoters(3).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId leader = c.checkOneLeader();
            NodeId missed = ids(c, 0, 1, 2).stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            NodeId learner = c.id(3);
            c.crash(missed);
            c.join(learner);
            Membership added = c.changeMembership(MembershipChange.addLearner(learner));
            c.awaitApplied(c.one(Commands.of("learner-has-it"), 3, true), 3);
            NodeId now = c.checkOneLeader();
            MembershipChangeException e = refusal(c.raft(now).changeMembership(MembershipChange.promote(learner),
                    added.index()));
            assertEquals(Reason.VOTER_LAGGING, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains(missed.value()), e.getMessage());
            assertEquals(added, c.membership(now).orElseThrow());

            c.restart(missed);
            promoteWhenCaughtUp(c, learner);
            NodeId current = c.checkOneLeader();
            if (!current.equals(learner)) {
                c.raft(current).transferLeadership(learner).get(10, TimeUnit.SECONDS);
            }
            assertEquals(learner, c.checkOneLeader());
            long index = c.one(Commands.of("led-by-the-new-member"), 4, true);
            c.awaitApplied(index, 4); // the voter that was down follows the new member
        }
    }

    @Test
    void removedFollowerGetsNoMoreEntriesAndTheRestCommitWithoutIt(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId leader = c.checkOneLeader();
            NodeId removed = c.next(leader, 1);
            NodeId stays = c.next(leader, 2);
            Membership m = c.changeMembership(MembershipChange.remove(removed));
            assertEquals(Set.of(leader, stays), m.voters());
            long removedApplied = c.appliedIndex(removed);
            long term = c.status(leader).orElseThrow().term();
            for (int i = 0; i < 10; i++) {
                c.one(Commands.of("after-" + i), 2, false);
            }
            Poll.pause(c.electionTimeout().multipliedBy(3));
            assertTrue(c.appliedIndex(removed) <= Math.max(removedApplied, m.index()),
                    "the removed follower kept applying; " + c.describeStatuses());
            assertEquals(leader, c.checkOneLeaderAmong(List.of(leader, stays)));
            assertEquals(term, c.status(leader).orElseThrow().term(), "the removed follower disrupted the group");
        }
    }

    @Test
    void removedLeaderLeadsUntilItsRemovalCommitsThenHandsOverAndStopsCampaigning(TestSeed seed)
            throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId leader = c.checkOneLeader();
            long expected = c.membership(leader).orElseThrow().index();
            Membership m = c.raft(leader).changeMembership(MembershipChange.remove(leader), expected)
                    .get(10, TimeUnit.SECONDS);
            assertFalse(m.contains(leader));
            List<NodeId> rest = List.of(c.next(leader, 1), c.next(leader, 2));
            NodeId next = c.checkOneLeaderAmong(rest);
            assertTrue(Poll.until(Duration.ofSeconds(10),
                            () -> c.status(leader).map(s -> s.role() == Role.FOLLOWER).orElse(false)),
                    "the removed leader did not step down; " + c.describeStatuses());
            long termOfOld = c.status(leader).orElseThrow().term();
            for (int i = 0; i < 5; i++) {
                c.one(Commands.of("after-" + i), 2, true);
            }
            Poll.pause(c.electionTimeout().multipliedBy(3));
            RaftStatus old = c.status(leader).orElseThrow();
            assertEquals(Role.FOLLOWER, old.role(), "the removed leader campaigns; " + c.describeStatuses());
            assertEquals(termOfOld, old.term());
            assertEquals(next, c.checkOneLeaderAmong(rest), "leadership moved again after the hand-over");
        }
    }

    @Test
    void groupGrowsFromOneToThreeToFiveAndShrinksToThree(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(5, seed).initialVoters(1).config(snapshotting()).start()) {
            c.one(Commands.of("alone"), 1, false);
            addVoter(c, c.id(1));
            addVoter(c, c.id(2));
            c.one(Commands.of("three"), 3, true);
            addVoter(c, c.id(3));
            Membership five = addVoter(c, c.id(4));
            assertEquals(ids(c, 0, 1, 2, 3, 4), five.voters());
            c.one(Commands.of("five"), 5, true);
            // shrink by removing the original member (the leader, most likely) and another one
            c.changeMembership(MembershipChange.remove(c.id(0)));
            Membership three = c.changeMembership(MembershipChange.remove(c.id(3)));
            assertEquals(ids(c, 1, 2, 4), three.voters());
            c.crash(c.id(0));
            c.crash(c.id(3));
            long index = c.one(Commands.of("three-again"), 3, true);
            c.awaitApplied(index, 3);
            awaitConfiguration(c, ids(c, 1, 2, 4), ids(c, 1, 2, 4), Set.of());
        }
    }

    @Test
    void everyMemberIsReplacedOneAtATimeWhileClientsWrite(TestSeed seed) throws Exception {
        replaceEveryMember(seed, true);
    }

    @Test
    void everyMemberIsReplacedOneAtATimeOnAnUnreliableNetwork(TestSeed seed) throws Exception {
        replaceEveryMember(seed, false);
    }

    private static void replaceEveryMember(TestSeed seed, boolean reliable) throws Exception {
        try (RaftCluster c = RaftCluster.builder(6, seed).initialVoters(3).config(snapshotting()).start()) {
            c.one(Commands.of("start"), 3, false);
            c.setReliable(reliable);
            List<ChurnClients.Acknowledged> acked;
            try (ChurnClients clients = new ChurnClients(c, 3, seed)) {
                for (int i = 0; i < 3; i++) {
                    NodeId old = c.id(i);
                    NodeId fresh = c.id(3 + i);
                    addVoter(c, fresh);
                    c.changeMembership(MembershipChange.remove(old));
                    c.crash(old);
                }
                Poll.pause(Duration.ofMillis(300));
                acked = clients.stop();
            }
            c.setReliable(true);
            assertTrue(acked.size() > 10, "the clients got only " + acked.size() + " writes acknowledged");
            awaitConfiguration(c, ids(c, 3, 4, 5), ids(c, 3, 4, 5), Set.of());
            assertApplied(c, acked, ids(c, 3, 4, 5));
            long index = c.one(Commands.of("on-new-machines"), 3, true);
            c.awaitApplied(index, 3);
        }
    }

    @Test
    void leaderCrashedInTheMiddleOfEachChangeLeavesAConfigurationTheGroupCompletes(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(4, seed).initialVoters(3).config(snapshotting()).start()) {
            c.one(Commands.of("start"), 3, false);
            NodeId fresh = c.id(3);
            c.join(fresh);
            java.util.Random random = seed.random(7);
            List<MembershipChange> changes = List.of(MembershipChange.addLearner(fresh),
                    MembershipChange.promote(fresh), MembershipChange.remove(c.id(0)));
            for (MembershipChange change : changes) {
                for (int i = 0; i < 5; i++) {
                    c.one(Commands.of(change.type() + "-" + i), 3, true);
                }
                NodeId leader = c.checkOneLeader();
                // asked, then the leader crashes after 0-20 ms: before, while or after the entry is replicated
                c.raft(leader).changeMembership(change, c.membership(leader).orElseThrow().index());
                Poll.pause(Duration.ofMillis(random.nextInt(21)));
                c.crash(leader);
                c.restart(leader);
                Membership m = change.type() == MembershipChange.Type.PROMOTE
                        ? promoteWhenCaughtUp(c, fresh) : c.changeMembership(change);
                Set<NodeId> up = new java.util.TreeSet<>(c.connectedNodes());
                up.retainAll(m.members());
                awaitConfiguration(c, up, m.voters(), m.learners());
            }
            awaitConfiguration(c, ids(c, 1, 2, 3), ids(c, 1, 2, 3), Set.of());
            c.crash(c.id(0));
            long index = c.one(Commands.of("after"), 3, true);
            c.awaitApplied(index, 3);
        }
    }

    @Test
    void changeLostWithItsLeaderIsUndoneWhenTheEntryIsTruncated(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(4, seed).initialVoters(3).config(noCheckQuorum()).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId oldLeader = c.checkOneLeader();
            Membership before = c.membership(oldLeader).orElseThrow();
            List<NodeId> majority = ids(c, 0, 1, 2).stream().filter(id -> !id.equals(oldLeader)).toList();
            c.partition(List.of(List.of(oldLeader), majority));
            CompletableFuture<Membership> lost = c.raft(oldLeader).changeMembership(
                    MembershipChange.addLearner(c.id(3)), before.index());
            // in effect on the old leader as soon as it is appended, though it cannot commit
            assertTrue(Poll.until(Duration.ofSeconds(5), () -> c.membership(oldLeader)
                            .map(m -> m.isLearner(c.id(3))).orElse(false)),
                    "the appended configuration did not take effect; " + c.describeStatuses());
            Poll.pause(Duration.ofMillis(100)); // the memory log syncs in 1 ms: the entry is durable, not committed
            c.crash(oldLeader);
            NodeId newLeader = c.checkOneLeaderAmong(majority);
            for (int i = 0; i < 3; i++) {
                c.one(Commands.of("new-term-" + i), 2, true);
            }
            assertEquals(before, c.membership(newLeader).orElseThrow());
            c.heal();
            c.disconnect(oldLeader);
            c.restart(oldLeader);
            Membership recovered = c.membership(oldLeader).orElseThrow();
            assertTrue(recovered.isLearner(c.id(3)), "the restarted old leader did not recover the configuration of "
                    + "its log's last entry: " + recovered);
            c.connect(oldLeader);
            assertTrue(Poll.until(Duration.ofSeconds(20), () -> c.membership(oldLeader)
                            .map(before::equals).orElse(false)),
                    "the lost change was not undone when its entry was truncated; " + c.describeStatuses());
            assertTrue(lost.isCompletedExceptionally(), "the lost change's future did not fail");
            c.one(Commands.of("after"), 3, true);
        }
    }

    @Test
    void secondChangeWhileTheFirstIsUncommittedIsRefused(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).config(noCheckQuorum()).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId leader = c.checkOneLeader();
            Membership before = c.membership(leader).orElseThrow();
            c.partition(List.of(List.of(leader), List.of(c.next(leader, 1), c.next(leader, 2))));
            CompletableFuture<Membership> first = c.raft(leader).changeMembership(
                    MembershipChange.addLearner(NodeId.of("new-1")), before.index());
            assertTrue(Poll.until(Duration.ofSeconds(5), () -> c.membership(leader)
                    .map(m -> m.index() > before.index()).orElse(false)), c.describeStatuses());
            long pendingIndex = c.membership(leader).orElseThrow().index();
            MembershipChangeException e = refusal(c.raft(leader).changeMembership(
                    MembershipChange.addLearner(NodeId.of("new-2")), pendingIndex));
            assertEquals(Reason.CHANGE_IN_PROGRESS, e.reason(), e.getMessage());
            assertEquals(pendingIndex, c.membership(leader).orElseThrow().index(), "the refused change was appended");
            assertFalse(c.membership(leader).orElseThrow().contains(NodeId.of("new-2")));
            c.heal();
            first.handle((m, err) -> null).get(20, TimeUnit.SECONDS); // committed or lost: either is fine here
        }
    }

    @Test
    void staleExpectedIndexAndOtherInvalidChangesAreRefusedWithoutChangingAnything(TestSeed seed)
            throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId leader = c.checkOneLeader();
            Membership m0 = c.membership(leader).orElseThrow();
            assertEquals(0, m0.index());
            Membership m1 = c.raft(leader).changeMembership(MembershipChange.addLearner(NodeId.of("spare")), 0)
                    .get(10, TimeUnit.SECONDS);
            // a second operator who read the configuration before the first change
            MembershipChangeException stale = refusal(c.raft(leader).changeMembership(
                    MembershipChange.addLearner(NodeId.of("other")), m0.index()));
            assertEquals(Reason.STALE_CONFIGURATION, stale.reason(), stale.getMessage());
            assertEquals(m1, stale.current());
            assertEquals(Reason.MEMBER_EXISTS, refusal(c.raft(leader).changeMembership(
                    MembershipChange.addLearner(c.next(leader, 1)), m1.index())).reason());
            assertEquals(Reason.UNKNOWN_MEMBER, refusal(c.raft(leader).changeMembership(
                    MembershipChange.remove(NodeId.of("stranger")), m1.index())).reason());
            assertEquals(Reason.UNKNOWN_MEMBER, refusal(c.raft(leader).changeMembership(
                    MembershipChange.promote(NodeId.of("stranger")), m1.index())).reason());
            // with one voter down, removing another live one leaves 1 live voter of 2
            NodeId down = c.next(leader, 1);
            c.crash(down);
            Poll.pause(c.electionTimeout().multipliedBy(2));
            assertEquals(Reason.NO_LIVE_QUORUM, refusal(c.raft(leader).changeMembership(
                    MembershipChange.remove(c.next(leader, 2)).checkingLiveQuorum(), m1.index())).reason());
            assertEquals(m1, c.membership(leader).orElseThrow(), "a refused change altered the configuration");
        }
        try (RaftCluster single = RaftCluster.builder(1, seed).start()) {
            single.one(Commands.of("alone"), 1, false);
            NodeId only = single.checkOneLeader();
            assertEquals(Reason.LAST_VOTER, refusal(single.raft(only).changeMembership(
                    MembershipChange.remove(only), 0)).reason());
        }
    }

    @Test
    void configurationSurvivesRestartsAfterTheLogWasCompactedPastIt(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(4, seed).initialVoters(3).config(snapshotting()).start()) {
            c.one(Commands.of("before"), 3, false);
            Membership four = addVoter(c, c.id(3));
            for (int i = 0; i < 40; i++) {
                c.one(Commands.of("compact-" + i), 4, true);
            }
            for (NodeId id : c.ids()) {
                assertTrue(Poll.until(Duration.ofSeconds(10), () -> c.status(id)
                                .map(s -> s.firstLogIndex() > four.index() + 1).orElse(false)),
                        id + "'s log was not compacted past the configuration entry; " + c.describeStatuses());
            }
            for (NodeId id : c.ids()) {
                c.crash(id);
            }
            for (NodeId id : c.ids()) {
                c.restart(id);
            }
            for (NodeId id : c.ids()) {
                assertEquals(four, c.membership(id).orElseThrow(), id + " lost its configuration on restart");
            }
            // all four are voters: with two of them down, nothing commits
            c.crash(c.id(0));
            c.crash(c.id(1));
            Poll.pause(c.electionTimeout()); // a leader among the two left steps down (check-quorum)
            c.checkNoLeader();
            c.restart(c.id(0));
            long index = c.one(Commands.of("after-restart"), 3, true);
            c.awaitApplied(index, 3);
        }
    }

    @Test
    void aNewMembersAddressIsKeptInTheConfigurationThroughCompactionAndRestartsAndDroppedWithIt(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(4, seed).initialVoters(3).config(snapshotting()).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId added = c.id(3);
            c.join(added);
            Membership learner = c.changeMembership(MembershipChange.addLearner(added, "10.0.0.4:7104"));
            assertEquals(Map.of(added, "10.0.0.4:7104"), learner.addresses());
            Membership four = promoteWhenCaughtUp(c, added);
            assertEquals(Map.of(added, "10.0.0.4:7104"), four.addresses(), "promotion keeps the address");
            for (int i = 0; i < 40; i++) {
                c.one(Commands.of("compact-" + i), 4, true);
            }
            for (NodeId id : c.ids()) {
                assertTrue(Poll.until(Duration.ofSeconds(10), () -> c.status(id)
                                .map(s -> s.firstLogIndex() > four.index() + 1).orElse(false)),
                        id + "'s log was not compacted past the configuration entry; " + c.describeStatuses());
                c.crash(id);
            }
            for (NodeId id : c.ids()) {
                c.restart(id);
            }
            for (NodeId id : c.ids()) {
                assertEquals(Map.of(added, "10.0.0.4:7104"), c.membership(id).orElseThrow().addresses(),
                        id + " lost the address on restart");
            }
            Membership without = c.changeMembership(MembershipChange.remove(added));
            assertTrue(without.addresses().isEmpty(), "the address left with its member: " + without);
        }
    }

    @Test
    void removedMemberRestartedWithItsOldLogDoesNotDisruptTheGroup(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId leader = c.checkOneLeader();
            NodeId removed = c.next(leader, 1);
            c.crash(removed); // it never hears of its removal: its log still makes it a voter
            c.changeMembership(MembershipChange.remove(removed));
            c.one(Commands.of("without-it"), 2, true);
            NodeId current = c.checkOneLeaderAmong(List.of(leader, c.next(leader, 2)));
            long term = c.status(current).orElseThrow().term();
            c.restart(removed);
            assertTrue(c.membership(removed).orElseThrow().isVoter(removed));
            Poll.pause(c.electionTimeout().multipliedBy(5));
            for (int i = 0; i < 5; i++) {
                c.one(Commands.of("still-" + i), 2, true);
            }
            assertEquals(current, c.checkOneLeaderAmong(List.of(leader, c.next(leader, 2))));
            assertEquals(term, c.status(current).orElseThrow().term(), "the removed member disrupted the group");
            assertTrue(c.status(removed).map(s -> s.role() != Role.LEADER).orElse(true));
        }
    }

    @Test
    void removedMemberWithoutPreVoteStillCannotRaiseTheGroupsTerm(TestSeed seed) {
        RaftConfig noPreVote = RaftCluster.testConfig().toBuilder().preVote(false).build();
        try (RaftCluster c = RaftCluster.builder(3, seed).config(noPreVote).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId leader = c.checkOneLeader();
            NodeId removed = c.next(leader, 1);
            c.crash(removed);
            c.changeMembership(MembershipChange.remove(removed));
            NodeId current = c.checkOneLeaderAmong(List.of(leader, c.next(leader, 2)));
            long term = c.status(current).orElseThrow().term();
            c.restart(removed);
            Poll.pause(c.electionTimeout().multipliedBy(5));
            assertTrue(c.status(removed).orElseThrow().term() > term, "the removed member never campaigned, so "
                    + "this test shows nothing; " + c.describeStatuses());
            c.one(Commands.of("still"), 2, true);
            assertEquals(term, c.status(current).orElseThrow().term(), "the removed member disrupted the group");
        }
    }
}

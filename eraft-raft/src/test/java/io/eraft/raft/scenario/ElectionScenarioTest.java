package io.eraft.raft.scenario;

import io.eraft.api.raft.Leadership;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.testing.RaftCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leader election under faults (after MIT 6.824's 2A tests), with pre-vote and check-quorum on. */
@Timeout(60)
class ElectionScenarioTest {
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    @Test
    void threeNodesElectOneLeaderAndKeepItsTermForTwoSecondsWithoutFaults(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            NodeId leader = c.checkOneLeader();
            long term = c.checkTerms();
            assertTrue(term >= 1, "a leader was elected, so the term must be at least 1, got " + term);

            assertLeaderAndTermStable(c, leader, term, Duration.ofSeconds(2));

            assertEquals(leader, c.checkOneLeader(), "the leader changed without a fault");
            assertEquals(term, c.checkTerms(), "the term changed without a fault");
        }
    }

    @Test
    void leadershipTellsEachMemberItsRoleTermAndLeaderAsStatusDoesAndAStoppedMemberThatItStopped(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            NodeId leader = c.checkOneLeader();
            long term = c.checkTerms();
            assertTrue(Poll.until(Duration.ofSeconds(5), () -> c.ids().stream()
                    .allMatch(id -> leader.equals(c.raft(id).status().leader()))), c.describeStatuses());
            for (NodeId id : c.ids()) {
                Leadership l = c.raft(id).leadership();
                RaftStatus s = c.raft(id).status();
                assertEquals(new Leadership(s.term(), s.role(), s.leader()), l, "member " + id);
                assertEquals(term, l.term(), "member " + id);
                assertEquals(leader, l.leader(), "member " + id + " follows the one leader");
                assertEquals(id.equals(leader), l.leading(), "member " + id);
                assertEquals(id.equals(leader) ? Role.LEADER : Role.FOLLOWER, l.role(), "member " + id);
            }
            RaftNode stopped = c.raft(leader);
            c.stop(leader);
            assertEquals(Role.STOPPED, stopped.leadership().role(), "a closed member that did not fail is stopped");
            assertFalse(stopped.leadership().leading());
        }
    }

    @Test
    void cutOffLeaderIsReplacedAndItsReturnDoesNotDisruptTheNewLeader(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            NodeId leader1 = c.checkOneLeader();

            c.disconnect(leader1);
            NodeId leader2 = c.checkOneLeader();
            assertNotEquals(leader1, leader2, "the cut-off leader cannot still lead the connected majority");
            long term2 = c.checkTerms();

            c.connect(leader1);
            assertTrue(Poll.until(Duration.ofSeconds(5), () -> c.status(leader1)
                            .map(s -> s.role() == Role.FOLLOWER && leader2.equals(s.leader())).orElse(false)),
                    "the old leader did not follow " + leader2 + " after rejoining; " + c.describeStatuses());
            // With pre-vote the rejoining node must not have bumped the term or forced an election.
            assertLeaderAndTermStable(c, leader2, term2, Duration.ofSeconds(1));
            assertEquals(leader2, c.checkOneLeader());
        }
    }

    @Test
    void noLeaderIsElectedWithoutAQuorumAndOneIsOnceAQuorumReturns(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            NodeId leader = c.checkOneLeader();
            NodeId follower = c.next(leader, 1);

            c.disconnect(leader);
            c.disconnect(follower);
            c.checkNoLeader();

            c.connect(follower);
            NodeId elected = c.checkOneLeader();
            assertNotEquals(leader, elected, "the disconnected old leader cannot lead the connected pair");

            c.connect(leader);
            c.checkOneLeader();
            c.checkTerms();
        }
    }

    @Test
    void sevenNodesElectALeaderAfterEachOfTenRoundsOfThreeRandomDisconnects(TestSeed seed) {
        Random random = seed.random(1);
        try (RaftCluster c = RaftCluster.builder(7, seed).start()) {
            c.checkOneLeader();
            for (int round = 0; round < 10; round++) {
                for (int k = 0; k < 3; k++) {
                    c.disconnect(c.id(random.nextInt(7)));
                }
                // At most three of seven are cut off: the old leader survives or four elect a new one.
                NodeId leader = c.checkOneLeader();
                assertTrue(c.isConnected(leader), "round " + round + ": leader " + leader + " is not connected");
                for (NodeId id : c.ids()) {
                    c.connect(id);
                }
            }
            c.checkOneLeader();
        }
    }

    /** Watches every member for {@code window}: {@code leader} keeps leading in {@code term}, no term moves. */
    static void assertLeaderAndTermStable(RaftCluster c, NodeId leader, long term, Duration window) {
        long end = System.nanoTime() + window.toNanos();
        do {
            for (NodeId id : c.connectedNodes()) {
                RaftStatus s = c.status(id).orElseThrow();
                if (s.term() != term) {
                    throw c.failure(id + " moved to term " + s.term() + " while the group was stable in term "
                            + term + "; " + c.describeStatuses());
                }
                if (id.equals(leader) && s.role() != Role.LEADER) {
                    throw c.failure(leader + " stopped leading term " + term + " without a fault; "
                            + c.describeStatuses());
                }
            }
            Poll.pause(Duration.ofMillis(25));
        } while (System.nanoTime() - end < 0);
    }
}

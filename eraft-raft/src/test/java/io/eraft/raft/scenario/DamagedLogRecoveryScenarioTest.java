package io.eraft.raft.scenario;

import io.eraft.api.log.HardState;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.proto.RaftRequest;
import io.eraft.raft.proto.VoteRequest;
import io.eraft.raft.testing.Acknowledged;
import io.eraft.raft.testing.DurableCommands;
import io.eraft.raft.testing.LogSurgery;
import io.eraft.raft.testing.RaftCluster;
import io.eraft.raft.testing.RaftWire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member whose log lost entries it had made durable, and which its state machine had already applied (a damaged
 * segment cut by the log store's repair, which marks the hard state recovering). Seen: such a member stayed a
 * follower that never caught up, refusing the leader's entries as "overwrites of committed entries" thirty times a
 * second. Protocol-aware recovery: it grants no vote and does not campaign while its log is short, takes the lost
 * entries back from the leader without applying them again, then leaves recovering, durably.
 */
@Timeout(120)
class DamagedLogRecoveryScenarioTest {
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final int LOST = 10;

    @Test
    void repairedMemberVotesForNoOneWhileRecoveringThenCatchesUpWithoutApplyingAnythingTwice(TestSeed seed) {
        Map<NodeId, DurableCommands> apps = new ConcurrentHashMap<>();
        try (RaftCluster c = RaftCluster.builder(3, seed).stateMachines(DurableCommands.factory(apps)).start()) {
            Set<String> acknowledged = writeAcknowledged(c, "before", 20);
            NodeId leader = c.checkOneLeader();
            NodeId victim = c.next(leader, 1);
            NodeId other = c.next(leader, 2);
            long applied = stopAfterApplyingEverything(c, apps, victim);
            long kept = applied - LOST;
            LogSurgery.cutAfterAndMarkRecovering(c.logDir(victim), kept);

            // Back while the leader is cut off: the other member can only be elected with the victim's vote, which
            // a log missing committed entries must not give.
            c.disconnect(leader);
            c.restart(victim);
            RaftStatus start = c.status(victim).orElseThrow();
            assertTrue(start.recovering(), "status must say the member is recovering");
            assertEquals(kept, start.lastLogIndex());
            assertEquals(applied, start.appliedIndex(), "the state machine keeps what it applied");
            long otherTerm = c.status(other).orElseThrow().term();
            assertNeitherCampaignsNorLeads(c, victim, other, c.electionTimeout().multipliedBy(4));
            assertEquals(otherTerm, c.status(other).orElseThrow().term(), "the other member's pre-vote was granted");

            // A vote in a later term moves the victim's term; the saved hard state must keep the recovering mark.
            long term = c.status(victim).orElseThrow().term();
            RaftWire.Outcome vote = RaftWire.send(c.transport(other), victim, RaftRequest.newBuilder()
                    .setVote(VoteRequest.newBuilder().setTerm(term + 1).setCandidate(other.value())
                            .setLastLogIndex(applied + 1).setLastLogTerm(term)).build());
            assertFalse(vote.response().getVote().getGranted(), "a recovering member granted a vote");
            assertTrue(Poll.until(Duration.ofSeconds(5), () -> c.log(victim).hardState().term() == term + 1));
            HardState saved = c.log(victim).hardState();
            assertTrue(saved.recovering(), "saving term " + saved.term() + " dropped the recovering mark");

            c.connect(leader);
            c.checkOneLeader();
            assertTrue(Poll.until(Duration.ofSeconds(20), () -> !c.status(victim).orElseThrow().recovering()),
                    victim + " never left recovering; " + c.describeStatuses());
            assertFalse(c.log(victim).hardState().recovering(), "leaving recovering must be saved");
            assertTrue(c.log(victim).lastIndex() >= applied, "the lost entries were not written back");

            acknowledged.addAll(writeAcknowledged(c, "after", 5));
            assertEveryMemberHas(c, apps, acknowledged);
            assertEquals(List.of(), apps.get(victim).reapplied(), "entries the state machine had were applied again");
            c.assertSafe();

            // The cleared mark survives a restart: the member votes and campaigns again.
            c.stop(victim);
            c.restart(victim);
            assertFalse(c.status(victim).orElseThrow().recovering());
        }
    }

    /**
     * The leader compacted its log past what the member kept, so it sends its snapshot; the member's state machine
     * already holds it. The log restarts after the snapshot and nothing is installed or applied again.
     */
    @Test
    void repairedMemberWhoseLeaderCompactedPastItsLogRestartsTheLogAfterTheSnapshotWithoutInstallingIt(
            TestSeed seed) throws Exception {
        Map<NodeId, DurableCommands> apps = new ConcurrentHashMap<>();
        // Commands of about 10 bytes make 34-byte entries: a snapshot every 3 or 4 entries.
        RaftConfig config = RaftCluster.testConfig().withSnapshotThresholdBytes(100);
        try (RaftCluster c = RaftCluster.builder(3, seed).config(config).stateMachines(DurableCommands.factory(apps))
                .start()) {
            NodeId victim = c.next(c.checkOneLeader(), 1);
            apps.get(victim).holdSnapshots(); // so its log keeps the entries the leader compacts away
            Set<String> acknowledged = writeAcknowledged(c, "before", 20);
            if (c.checkOneLeader().equals(victim)) {
                c.raft(victim).transferLeadership(c.next(victim, 1)).get(10, TimeUnit.SECONDS);
            }
            NodeId leader = c.checkOneLeader();
            assertEquals(0, c.log(victim).snapshotMeta().index(), victim + " compacted its log");
            long applied = stopAfterApplyingEverything(c, apps, victim);
            long kept = applied - LOST;
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> c.log(leader).firstIndex() > kept + 1),
                    "the leader did not compact past " + kept + "; " + c.describeStatuses());
            LogSurgery.cutAfterAndMarkRecovering(c.logDir(victim), kept);

            c.restart(victim);
            assertTrue(Poll.until(Duration.ofSeconds(20), () -> !c.status(victim).orElseThrow().recovering()),
                    victim + " never left recovering; " + c.describeStatuses());
            long restartedAfter = c.log(victim).snapshotMeta().index();
            assertTrue(restartedAfter > kept && restartedAfter <= applied, "the victim's log should restart after "
                    + "the leader's snapshot, in (" + kept + ", " + applied + "], not after " + restartedAfter);
            assertEquals(0, apps.get(victim).installs(), "the victim installed a snapshot its state machine had");

            acknowledged.addAll(writeAcknowledged(c, "after", 5));
            assertEveryMemberHas(c, apps, acknowledged);
            assertEquals(List.of(), apps.get(victim).reapplied(), "entries the state machine had were applied again");
        }
    }

    private static Set<String> writeAcknowledged(RaftCluster c, String prefix, int count) {
        Set<String> written = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            String command = prefix + "-" + i;
            Acknowledged.write(c, command);
            written.add(command);
        }
        return written;
    }

    /** Waits until {@code victim} applied everything the leader committed, stops it and returns its applied index. */
    private static long stopAfterApplyingEverything(RaftCluster c, Map<NodeId, DurableCommands> apps, NodeId victim) {
        long commit = c.status(c.checkOneLeader()).orElseThrow().commitIndex();
        assertTrue(Poll.until(Duration.ofSeconds(10), () -> apps.get(victim).lastApplied() >= commit),
                victim + " did not apply through " + commit + "; " + c.describeStatuses());
        c.stop(victim);
        long applied = apps.get(victim).lastApplied();
        assertTrue(applied > LOST + 1, "too few entries to lose " + LOST);
        return applied;
    }

    private static void assertNeitherCampaignsNorLeads(RaftCluster c, NodeId victim, NodeId other, Duration period) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() - end < 0) {
            Role v = c.status(victim).orElseThrow().role();
            if (v != Role.FOLLOWER) {
                throw c.failure("the recovering " + victim + " became " + v + "; " + c.describeStatuses());
            }
            if (c.status(other).orElseThrow().role() == Role.LEADER) {
                throw c.failure(other + " was elected with the vote of the recovering " + victim + "; "
                        + c.describeStatuses());
            }
            Poll.pause(Poll.INTERVAL);
        }
    }

    private static void assertEveryMemberHas(RaftCluster c, Map<NodeId, DurableCommands> apps, Set<String> written) {
        boolean all = Poll.until(Duration.ofSeconds(20),
                () -> c.ids().stream().allMatch(id -> apps.get(id).commands().containsAll(written)));
        if (!all) {
            StringBuilder missing = new StringBuilder();
            for (NodeId id : c.ids()) {
                Set<String> lacking = new LinkedHashSet<>(written);
                lacking.removeAll(apps.get(id).commands());
                missing.append(id).append(" lacks ").append(lacking).append("; ");
            }
            throw c.failure("acknowledged writes missing: " + missing + c.describeStatuses());
        }
    }
}

package io.eraft.raft.scenario;

import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.api.raft.NotLeaderException;
import io.eraft.api.raft.ProposalRejectedException;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftStoppedException;
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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each Raft metric moves when its event happens: every member records into one {@link InMemoryMetrics}, labelled
 * with its node, as a server labels them.
 */
@Timeout(120)
class MetricsScenarioTest {
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String LEADER_CHANGES = "eraft_raft_leader_changes_total";
    private static final String COMMITTED = "eraft_raft_proposals_committed_total";
    private static final String FAILED = "eraft_raft_proposals_failed_total";
    private static final String PENDING = "eraft_raft_proposals_pending";
    private static final String APPLIED = "eraft_raft_entries_applied_total";
    private static final String READS = "eraft_raft_read_index_total";
    private static final String READS_FAILED = "eraft_raft_read_index_failed_total";
    private static final String READ_SECONDS = "eraft_raft_read_index_seconds";
    private static final String SENT = "eraft_raft_snapshots_sent_total";
    private static final String SEND_SECONDS = "eraft_raft_snapshot_send_seconds";
    private static final String INSTALLED = "eraft_raft_snapshots_installed_total";
    private static final String INSTALL_SECONDS = "eraft_raft_snapshot_install_seconds";
    private static final String SNAPSHOT_BYTES = "eraft_raft_snapshot_bytes";

    private final InMemoryMetrics metrics = new InMemoryMetrics();

    @Test
    void everyMemberCountsTheFirstLeaderAndAgainTheLeaderElectedAfterItIsCutOff(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(3, seed).metrics(metrics).start()) {
            NodeId first = c.checkOneLeader();
            assertTrue(counter(LEADER_CHANGES, first) >= 1, "the leader counts itself: " + metrics.names());
            assertTrue(Poll.until(WAIT, () -> c.ids().stream().allMatch(id -> counter(LEADER_CHANGES, id) >= 1)),
                    "every member learns of the first leader: " + counts(c, LEADER_CHANGES));

            List<NodeId> rest = c.ids().stream().filter(id -> !id.equals(first)).toList();
            Map<NodeId, Long> before = counts(c, LEADER_CHANGES);
            c.disconnect(first);
            NodeId second = c.checkOneLeaderAmong(rest);
            assertTrue(counter(LEADER_CHANGES, second) > before.get(second),
                    "the new leader counts itself: " + counts(c, LEADER_CHANGES) + ", before " + before);
            assertTrue(Poll.until(WAIT,
                            () -> rest.stream().allMatch(id -> counter(LEADER_CHANGES, id) > before.get(id))),
                    "both connected members count the new leader: " + counts(c, LEADER_CHANGES) + ", before "
                            + before);
            c.connect(first);
            assertTrue(Poll.until(WAIT, () -> counter(LEADER_CHANGES, first) > before.get(first)),
                    "the old leader counts the new one once it hears from it: " + counts(c, LEADER_CHANGES));
        }
    }

    @Test
    void committedProposalsRaiseCommittedOnTheLeaderAndAppliedEntriesOnEveryMember(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).metrics(metrics).start()) {
            NodeId leader = c.checkOneLeader();
            long last = 0;
            for (int i = 0; i < 5; i++) {
                last = Commands.decodeIndexResult(c.raft(leader).propose(Commands.of("command-" + i))
                        .get(5, TimeUnit.SECONDS));
            }
            c.awaitApplied(last, 3);

            assertEquals(5, counter(COMMITTED, leader));
            assertEquals(0, gauge(PENDING, leader), "nothing waits once every proposal completed");
            for (NodeId id : c.ids()) {
                long applied = c.appliedIndex(id);
                assertTrue(Poll.until(WAIT, () -> counter(APPLIED, id) == c.appliedIndex(id)),
                        id + " applied every entry from 1 once, no-ops included: counted " + counter(APPLIED, id)
                                + ", applied index " + applied);
                assertTrue(counter(APPLIED, id) >= last, id + " applied the 5 commands and the no-op");
                if (!id.equals(leader)) {
                    assertEquals(0, counter(COMMITTED, id), "only the member proposed to counts the commits");
                }
            }
            assertEquals(0, failed(leader, "not_leader") + failed(leader, "rejected") + failed(leader, "stopped")
                    + failed(leader, "other"), "no proposal failed");
        }
    }

    @Test
    void proposalWaitingForAQuorumIsPendingUntilItCompletes(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).metrics(metrics).start()) {
            NodeId leader = c.checkOneLeader();
            c.one(Commands.of("settle"), 3, false);
            List<NodeId> followers = c.ids().stream().filter(id -> !id.equals(leader)).toList();
            followers.forEach(c::disconnect);

            CompletableFuture<byte[]> waiting = c.raft(leader).propose(Commands.of("without-a-quorum"));
            assertTrue(Poll.until(WAIT, () -> gauge(PENDING, leader) == 1),
                    "the leader's accepted proposal is pending: " + gauge(PENDING, leader) + ", done: "
                            + waiting.isDone());
            followers.forEach(c::connect);

            // It commits, or the leader stepped down (check-quorum) before the followers came back: either way it
            // completed and is counted once, as what it became.
            try {
                waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(2, counter(COMMITTED, leader), "the settling command and this one committed");
            } catch (ExecutionException e) {
                assertInstanceOf(NotLeaderException.class, e.getCause());
                assertEquals(1, failed(leader, "not_leader"), "failed as the leader stepped down");
            }
            assertEquals(0, gauge(PENDING, leader), "nothing pending once the proposal completed");
        }
    }

    @Test
    void proposalsToAFollowerAStoppedMemberOrTooLargeFailWithTheirReason(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(3, seed).metrics(metrics).start()) {
            NodeId leader = c.checkOneLeader();
            NodeId follower = c.next(leader, 1);
            NodeId stopped = c.next(leader, 2);

            ExecutionException notLeader = assertThrows(ExecutionException.class,
                    () -> c.raft(follower).propose(Commands.of("to-a-follower")).get(5, TimeUnit.SECONDS));
            assertInstanceOf(NotLeaderException.class, notLeader.getCause());
            assertEquals(1, failed(follower, "not_leader"));
            assertEquals(0, counter(COMMITTED, follower));
            assertEquals(0, gauge(PENDING, follower), "a refused proposal was never pending");

            byte[] tooLarge = new byte[(int) c.config().maxAppendBytes() + 1];
            ExecutionException rejected = assertThrows(ExecutionException.class,
                    () -> c.raft(leader).propose(tooLarge).get(5, TimeUnit.SECONDS));
            assertInstanceOf(ProposalRejectedException.class, rejected.getCause());
            assertEquals(1, failed(leader, "rejected"));

            RaftNode member = c.raft(stopped);
            c.stop(stopped);
            ExecutionException closed = assertThrows(ExecutionException.class,
                    () -> member.propose(Commands.of("to-a-stopped-member")).get(5, TimeUnit.SECONDS));
            assertInstanceOf(RaftStoppedException.class, closed.getCause());
            assertEquals(1, failed(stopped, "stopped"));

            assertEquals(0, failed(leader, "not_leader") + failed(follower, "rejected") + failed(leader, "other")
                    + failed(follower, "other"), "no failure counted under another reason");
        }
    }

    @Test
    void readIndexOnTheLeaderIsCountedAndTimedAndOnAFollowerCountedAsFailed(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).metrics(metrics).start()) {
            c.one(Commands.of("before-reads"), 3, false);
            NodeId leader = c.checkOneLeader();
            NodeId follower = c.next(leader, 1);

            for (int i = 0; i < 3; i++) {
                c.raft(leader).readIndex().get(5, TimeUnit.SECONDS);
            }
            assertEquals(3, counter(READS, leader));
            assertEquals(3, metrics.histogramCount(READ_SECONDS, "node", leader.value()));
            assertTrue(metrics.histogramSum(READ_SECONDS, "node", leader.value()) > 0,
                    "a read takes a heartbeat round: its time is above 0");
            assertEquals(0, counter(READS_FAILED, leader));

            assertThrows(ExecutionException.class, () -> c.raft(follower).readIndex().get(5, TimeUnit.SECONDS));
            assertEquals(1, counter(READS, follower));
            assertEquals(1, counter(READS_FAILED, follower));
            assertEquals(0, metrics.histogramCount(READ_SECONDS, "node", follower.value()),
                    "a failed read is not timed");
        }
    }

    /**
     * A follower cut off while the others commit enough for the leader to snapshot and compact its log can only
     * catch up through a snapshot; its send and install are counted and timed, and both sides know its size.
     */
    @Test
    void followerThatFellBehindTheCompactedLogInstallsASnapshotCountedOnBothSides(TestSeed seed) {
        int commandBytes = 16;
        RaftConfig config = RaftCluster.testConfig().withSnapshotThresholdBytes(10L * (commandBytes + 24))
                .withSnapshotChunkBytes(512);
        int padding = 1_500;
        try (RaftCluster c = RaftCluster.builder(3, seed).config(config).snapshotPaddingBytes(padding)
                .metrics(metrics).start()) {
            c.one(Commands.sized("first", commandBytes), 3, true);
            NodeId victim = c.next(c.checkOneLeader(), 1);
            c.disconnect(victim);
            long last = 0;
            for (int i = 0; i < 40; i++) {
                last = c.one(Commands.sized("behind-" + i, commandBytes), 2, true);
            }
            NodeId leader = c.checkOneLeader();
            assertTrue(c.log(leader).firstIndex() > c.appliedIndex(victim) + 1, "the scenario needs the leader's "
                    + "log compacted past the victim: log starts at " + c.log(leader).firstIndex() + ", victim at "
                    + c.appliedIndex(victim));
            c.connect(victim);
            c.awaitApplied(last, 3);

            assertTrue(Poll.until(WAIT, () -> counter(INSTALLED, victim) >= 1),
                    "the victim installed a snapshot: " + metrics.names());
            assertEquals(counter(INSTALLED, victim), metrics.histogramCount(INSTALL_SECONDS, "node",
                    victim.value()), "every install is timed");
            assertTrue(gauge(SNAPSHOT_BYTES, victim) > padding, "the installed snapshot holds the padding: "
                    + gauge(SNAPSHOT_BYTES, victim));

            List<NodeId> senders = c.ids().stream().filter(id -> counter(SENT, id) > 0).toList();
            assertTrue(!senders.isEmpty(), "a leader counted the snapshot it sent: " + counts(c, SENT));
            for (NodeId sender : senders) {
                assertEquals(counter(SENT, sender), metrics.histogramCount(SEND_SECONDS, "node", sender.value()),
                        "every send is timed");
                assertTrue(metrics.histogramSum(SEND_SECONDS, "node", sender.value()) > 0);
                assertTrue(gauge(SNAPSHOT_BYTES, sender) > padding, sender + " knows the size of what it sent: "
                        + gauge(SNAPSHOT_BYTES, sender));
            }
            assertEquals(0, counter(INSTALLED, leader), "the leader installed nothing");
        }
    }

    private long counter(String name, NodeId id) {
        return metrics.counterValue(name, "node", id.value());
    }

    private double gauge(String name, NodeId id) {
        return metrics.gaugeValue(name, "node", id.value());
    }

    private long failed(NodeId id, String reason) {
        return metrics.counterValue(FAILED, "node", id.value(), "reason", reason);
    }

    private Map<NodeId, Long> counts(RaftCluster c, String name) {
        return c.ids().stream().collect(Collectors.toMap(id -> id, id -> counter(name, id), (a, b) -> a,
                TreeMap::new));
    }
}

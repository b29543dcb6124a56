package io.eraft.raft.scenario;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Linearizable reads through ReadIndex, and leadership transfer. */
@Timeout(60)
class ReadIndexAndTransferScenarioTest {
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    @Test
    void readIndexAfterAnAcknowledgedWriteCoversThatWrite(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            for (int i = 0; i < 5; i++) {
                long written = c.one(Commands.of("write-" + i), 1, false);
                NodeId leader = c.checkOneLeader();
                long readIndex = c.raft(leader).readIndex().get(5, TimeUnit.SECONDS);
                assertTrue(readIndex >= written, "readIndex returned " + readIndex + " after the write at index "
                        + written + " was acknowledged");
                assertTrue(c.appliedIndex(leader) >= readIndex, "readIndex completed with " + readIndex
                        + " before the leader applied it (applied " + c.appliedIndex(leader) + ")");
            }
        }
    }

    @Test
    void partitionedOldLeaderCannotServeAReadIndex(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId oldLeader = c.checkOneLeader();
            List<NodeId> majority = c.ids().stream().filter(id -> !id.equals(oldLeader)).collect(Collectors.toList());
            c.partition(List.of(List.of(oldLeader), majority));
            // asked while it still believes it leads: it must not confirm leadership without a quorum
            CompletableFuture<Long> stale = c.raft(oldLeader).readIndex();

            NodeId newLeader = c.checkOneLeaderAmong(majority);
            long newer = Commands.decodeIndexResult(
                    c.propose(newLeader, Commands.of("after")).get(5, TimeUnit.SECONDS));
            Poll.until(c.electionTimeout().multipliedBy(3), stale::isDone);
            if (stale.isDone() && !stale.isCompletedExceptionally()) {
                throw c.failure("the partitioned old leader served readIndex " + stale.get()
                        + " although the new leader had committed index " + newer);
            }

            c.heal();
            NodeId leader = c.checkOneLeader();
            long readIndex = c.raft(leader).readIndex().get(5, TimeUnit.SECONDS);
            assertTrue(readIndex >= newer, "readIndex " + readIndex + " does not cover the write at " + newer);
        }
    }

    @Test
    void transferredLeadershipMovesToTheTargetWhichThenCommits(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            c.one(Commands.of("before-transfer"), 3, false);
            NodeId leader = c.checkOneLeader();
            NodeId target = c.next(leader, 1);

            c.raft(leader).transferLeadership(target).get(5, TimeUnit.SECONDS);

            assertEquals(target, c.checkOneLeader(), "leadership did not move to the transfer's target");
            assertTrue(Poll.until(Duration.ofSeconds(10),
                            () -> c.status(leader).map(s -> s.role() == Role.FOLLOWER).orElse(false)),
                    "the old leader did not step down; " + c.describeStatuses());
            long index = Commands.decodeIndexResult(
                    c.propose(target, Commands.of("after-transfer")).get(5, TimeUnit.SECONDS));
            assertTrue(c.awaitApplied(index, 3).isCommand(Commands.of("after-transfer")));
        }
    }
}

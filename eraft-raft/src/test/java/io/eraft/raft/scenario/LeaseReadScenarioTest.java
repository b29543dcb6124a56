package io.eraft.raft.scenario;

import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.testing.Commands;
import io.eraft.raft.testing.RaftCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lease reads (raft.lease-read): a leader whose lease holds confirms a read without a heartbeat round; a leader cut off
 * from the majority serves no read once another leader can have committed anything, also when a follower that
 * acknowledged it restarts at once; off by default.
 */
@Timeout(60)
class LeaseReadScenarioTest {
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final String LEASE_READS = "eraft_raft_lease_reads_total";

    private final InMemoryMetrics metrics = new InMemoryMetrics();

    private static RaftConfig leaseConfig() {
        return RaftCluster.testConfig().withLeaseRead(true, RaftConfig.DEFAULT_LEASE_MAX_DRIFT);
    }

    @Test
    void aLeaderWithALeaseConfirmsReadsWithoutARoundAndTheyCoverAcknowledgedWrites(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).config(leaseConfig()).metrics(metrics).start()) {
            NodeId leader = null;
            for (int i = 0; i < 20; i++) {
                long written = c.one(Commands.of("write-" + i), 1, false);
                leader = c.checkOneLeader();
                long readIndex = c.raft(leader).readIndex().get(5, TimeUnit.SECONDS);
                assertTrue(readIndex >= written, "read index " + readIndex + " after the write at " + written
                        + " was acknowledged");
                assertTrue(c.appliedIndex(leader) >= readIndex, "the read completed before " + readIndex
                        + " was applied on the leader");
            }
            long leased = c.ids().stream().mapToLong(id -> metrics.counterValue(LEASE_READS, "node", id.value()))
                    .sum();
            assertTrue(leased > 0, "no read was confirmed by the lease (heartbeats every 50 ms, a lease of "
                    + leaseConfig().leaseNanos() / 1_000_000 + " ms)");
        }
    }

    @Test
    void withoutTheSettingEveryReadTakesAHeartbeatRound(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).metrics(metrics).start()) {
            c.one(Commands.of("write"), 3, false);
            NodeId leader = c.checkOneLeader();
            for (int i = 0; i < 5; i++) {
                c.raft(leader).readIndex().get(5, TimeUnit.SECONDS);
            }
            assertEquals(0, metrics.counterValue(LEASE_READS, "node", leader.value()));
        }
    }

    @Test
    void aLeaseNeedsCheckQuorumAndABoundedDrift() {
        RaftConfig base = RaftCluster.testConfig();
        RaftConfig noCheckQuorum = base.toBuilder().checkQuorum(false).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> noCheckQuorum.withLeaseRead(true, 0.1));
        assertTrue(e.getMessage().contains("checkQuorum"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.withLeaseRead(true, 0.6));
        assertThrows(IllegalArgumentException.class, () -> base.withLeaseRead(true, -0.1));
        // 20 ticks of 10 ms: a follower refuses votes for at least 19 ticks after hearing from the leader; 10% less
        assertEquals(171_000_000L, base.withLeaseRead(true, 0.1).leaseNanos());
    }

    @Test
    void aPartitionedLeaderServesNoLeaseReadAfterTheMajorityCommittedUnderANewLeader(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).config(leaseConfig()).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId oldLeader = c.checkOneLeader();
            List<NodeId> majority = c.ids().stream().filter(id -> !id.equals(oldLeader)).collect(Collectors.toList());
            try (Reader reader = new Reader(c.raft(oldLeader))) {
                c.partition(List.of(List.of(oldLeader), majority));
                assertNoReadAfterTheNewLeaderCommits(c, majority, reader, oldLeader);
            }
        }
    }

    @Test
    void aFollowerThatRestartsRightAfterAcknowledgingKeepsTheLeaseOfItsLeader(TestSeed seed) throws Exception {
        try (RaftCluster c = RaftCluster.builder(3, seed).config(leaseConfig()).start()) {
            c.one(Commands.of("before"), 3, false);
            NodeId leader = c.checkOneLeader();
            NodeId acknowledging = c.next(leader, 1);
            NodeId cutOff = c.next(leader, 2);
            // The leader's lease rests on the acknowledging follower alone; the other one times out, unheard.
            c.partition(List.of(List.of(leader, acknowledging), List.of(cutOff)));
            Thread.sleep(c.electionTimeout().multipliedBy(2).toMillis());
            try (Reader reader = new Reader(c.raft(leader))) {
                // It restarts at once, forgetting when it last heard from its leader, next to the candidate.
                c.crash(acknowledging);
                c.partition(List.of(List.of(leader), List.of(acknowledging, cutOff)));
                c.restart(acknowledging);
                assertNoReadAfterTheNewLeaderCommits(c, List.of(acknowledging, cutOff), reader, leader);
            }
        }
    }

    /** The majority elects a leader that commits; no read on the old leader succeeds after that commit. */
    private static void assertNoReadAfterTheNewLeaderCommits(RaftCluster c, List<NodeId> majority, Reader reader,
                                                             NodeId oldLeader) throws Exception {
        NodeId newLeader = c.checkOneLeaderAmong(majority);
        long newer = Commands.decodeIndexResult(c.propose(newLeader, Commands.of("after")).get(5, TimeUnit.SECONDS));
        long committedNanos = System.nanoTime();
        Thread.sleep(c.electionTimeout().multipliedBy(2).toMillis()); // the old leader keeps being asked meanwhile
        reader.close();
        for (Reader.Served s : reader.served) {
            if (s.atNanos() - committedNanos > 0) {
                throw c.failure("the cut-off leader " + oldLeader + " served a read at index " + s.index() + ", "
                        + (s.atNanos() - committedNanos) / 1_000 + " us after " + newLeader + " had committed index "
                        + newer);
            }
        }
        assertTrue(reader.attempts > 0, "the old leader was asked to read");
    }

    /** Asks one member for reads in a loop and records every read it serves, with when it was served. */
    private static final class Reader implements AutoCloseable {
        record Served(long index, long atNanos) {
        }

        final ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;
        volatile int attempts;

        Reader(RaftNode raft) {
            thread = new Thread(() -> {
                while (running.get()) {
                    attempts++;
                    try {
                        // timed where it completes (on the member's thread), not when this thread wakes up
                        raft.readIndex().whenComplete((index, e) -> {
                            if (e == null) {
                                served.add(new Served(index, System.nanoTime()));
                            }
                        }).get(100, TimeUnit.MILLISECONDS);
                    } catch (Exception e) {
                        // not leader, stepped down, timed out: not served
                    }
                }
            }, "lease-reader");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}

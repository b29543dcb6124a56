package io.eraft.raft.scenario;

import io.eraft.api.raft.RaftFailedException;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.testing.Acknowledged;
import io.eraft.raft.testing.Commands;
import io.eraft.raft.testing.DurableCommands;
import io.eraft.raft.testing.FaultyLogStore;
import io.eraft.raft.testing.LogSurgery;
import io.eraft.raft.testing.RaftCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fail-stop: a member whose log write or fsync fails, whose event loop throws, or whose log conflicts with what the
 * group committed stops for good ({@link Role#FAILED}) with the reason in its status and its termination, fails
 * what was pending, and does not retry; the rest of the group goes on with every acknowledged write.
 */
@Timeout(90)
class FailStopScenarioTest {
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static RaftCluster faultyCluster(TestSeed seed, Map<NodeId, FaultyLogStore> logs) {
        return RaftCluster.builder(3, seed).wrapLogs((id, log) -> {
            FaultyLogStore faulty = new FaultyLogStore(log);
            logs.put(id, faulty);
            return faulty;
        }).start();
    }

    @Test
    void leaderWhoseFsyncFailsStopsWithTheReasonFailsWhatWaitsAndTheOthersKeepEveryAcknowledgedWrite(TestSeed seed)
            throws Exception {
        Map<NodeId, FaultyLogStore> logs = new ConcurrentHashMap<>();
        try (RaftCluster c = faultyCluster(seed, logs)) {
            for (int i = 0; i < 5; i++) {
                c.one(Commands.of("before-" + i), 3, false);
            }
            NodeId leader = c.checkOneLeader();
            long term = c.status(leader).orElseThrow().term();

            logs.get(leader).inject(FaultyLogStore.Fault.FSYNC_FAILS);
            CompletableFuture<byte[]> pending = c.propose(leader, Commands.of("during-the-fault"));

            assertFailsWith(c, pending, FaultyLogStore.FSYNC_MESSAGE);
            RaftStatus failed = awaitFailed(c, leader, FaultyLogStore.FSYNC_MESSAGE);
            assertEquals(term, failed.term());
            assertFailsWith(c, c.raft(leader).termination(), FaultyLogStore.FSYNC_MESSAGE);
            assertFailsWith(c, c.raft(leader).readIndex(), FaultyLogStore.FSYNC_MESSAGE);
            assertFailsWith(c, c.propose(leader, Commands.of("after-the-fault")), FaultyLogStore.FSYNC_MESSAGE);
            assertStaysStopped(c, leader, logs.get(leader), term);

            List<NodeId> others = c.ids().stream().filter(id -> !id.equals(leader)).toList();
            c.checkOneLeaderAmong(others);
            long after = c.one(Commands.of("after"), 2, true);
            for (NodeId id : others) {
                assertTrue(c.appliedIndex(id) >= after, id + " applied " + c.appliedIndex(id) + " < " + after);
            }

            RaftNode failedNode = c.raft(leader);
            c.stop(leader); // closing a failed member is fine, and it stays failed
            assertEquals(Role.FAILED, failedNode.status().role());
            assertFailsWith(c, failedNode.termination(), FaultyLogStore.FSYNC_MESSAGE);
        }
    }

    @Test
    void followerWhoseDiskIsFullStopsWithNoSpaceInItsFailureAndTheGroupGoesOn(TestSeed seed) throws Exception {
        Map<NodeId, FaultyLogStore> logs = new ConcurrentHashMap<>();
        try (RaftCluster c = faultyCluster(seed, logs)) {
            c.one(Commands.of("before"), 3, false);
            NodeId leader = c.checkOneLeader();
            NodeId follower = c.next(leader, 1);
            long term = c.status(follower).orElseThrow().term();

            logs.get(follower).inject(FaultyLogStore.Fault.NO_SPACE);
            long acknowledged = c.one(Commands.of("while-the-disk-is-full"), 2, true);

            RaftStatus failed = awaitFailed(c, follower, FaultyLogStore.NO_SPACE_MESSAGE);
            assertTrue(failed.failure().contains("no space left for the log"), failed.failure());
            assertFailsWith(c, c.raft(follower).termination(), FaultyLogStore.NO_SPACE_MESSAGE);
            assertStaysStopped(c, follower, logs.get(follower), term);

            long after = c.one(Commands.of("after"), 2, true);
            assertTrue(after > acknowledged);
        }
    }

    @Test
    void unexpectedErrorOnTheEventLoopStopsTheMemberOnceInsteadOfBeingLoggedForever(TestSeed seed) throws Exception {
        Map<NodeId, FaultyLogStore> logs = new ConcurrentHashMap<>();
        try (RaftCluster c = faultyCluster(seed, logs)) {
            c.one(Commands.of("before"), 3, false);
            NodeId follower = c.next(c.checkOneLeader(), 1);
            long term = c.status(follower).orElseThrow().term();

            logs.get(follower).inject(FaultyLogStore.Fault.READ_THROWS);
            c.one(Commands.of("trips-the-follower"), 2, true);

            RaftStatus failed = awaitFailed(c, follower, FaultyLogStore.READ_MESSAGE);
            assertTrue(failed.failure().contains("unexpected error in the Raft event loop"), failed.failure());
            assertFailsWith(c, c.raft(follower).termination(), FaultyLogStore.READ_MESSAGE);
            assertStaysStopped(c, follower, logs.get(follower), term);
            c.one(Commands.of("after"), 2, true);
        }
    }

    /**
     * A follower whose log holds, at an index its state machine already applied, an entry of another term than the
     * group committed there: the leader's entry conflicts with a committed one. It stops once, with that reason,
     * and leaves its log alone, instead of refusing the same append thirty times a second.
     */
    @Test
    void conflictWithACommittedEntryStopsTheMemberOnceAndOverwritesNothing(TestSeed seed) throws Exception {
        Map<NodeId, DurableCommands> apps = new ConcurrentHashMap<>();
        try (RaftCluster c = RaftCluster.builder(3, seed).stateMachines(DurableCommands.factory(apps)).start()) {
            NodeId first = c.checkOneLeader();
            NodeId victim = c.next(first, 1);
            NodeId heir = c.next(first, 2);
            for (int i = 0; i < 5; i++) {
                Acknowledged.write(c, "first-term-" + i);
            }
            long firstTerm = c.status(first).orElseThrow().term();
            c.raft(first).transferLeadership(heir).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                Acknowledged.write(c, "second-term-" + i);
            }
            long last = c.status(c.checkOneLeader()).orElseThrow().commitIndex();
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> apps.get(victim).lastApplied() >= last),
                    victim + " did not apply through " + last + "; " + c.describeStatuses());
            long secondTerm = c.status(heir).orElseThrow().term();
            long firstOfSecondTerm = firstIndexOfTerm(c, victim, secondTerm);

            c.stop(victim);
            LogSurgery.setTermFrom(c.logDir(victim), firstOfSecondTerm, firstTerm);
            // A leader that has not heard from the victim before probes its log from the end, back to the conflict.
            c.raft(heir).transferLeadership(first).get(10, TimeUnit.SECONDS);
            c.restart(victim);

            RaftStatus failed = awaitFailed(c, victim, "conflicts with the committed entry " + firstOfSecondTerm);
            assertFailsWith(c, c.raft(victim).termination(), "conflicts with the committed entry");
            assertEquals(firstTerm, c.log(victim).term(firstOfSecondTerm),
                    "the failed member overwrote its committed entry " + firstOfSecondTerm);
            Poll.pause(c.electionTimeout().multipliedBy(3));
            RaftStatus later = c.status(victim).orElseThrow();
            assertEquals(Role.FAILED, later.role());
            assertEquals(failed.term(), later.term(), "a failed member must not campaign");
            assertEquals(failed.lastLogIndex(), later.lastLogIndex(), "a failed member must not write its log");

            Acknowledged.write(c, "after");
            assertTrue(apps.get(first).commands().contains("after"));
        }
    }

    private static long firstIndexOfTerm(RaftCluster c, NodeId id, long term) {
        var log = c.log(id);
        long index = log.lastIndex();
        while (index > log.firstIndex() && log.term(index - 1) >= term) {
            index--;
        }
        assertEquals(term, log.term(index), id + " holds no entry of term " + term);
        return index;
    }

    /** Waits until {@code id} has failed and its status names {@code reason}; returns that status. */
    static RaftStatus awaitFailed(RaftCluster c, NodeId id, String reason) {
        RaftStatus[] seen = new RaftStatus[1];
        boolean failed = Poll.until(Duration.ofSeconds(15), () -> {
            seen[0] = c.status(id).orElseThrow();
            return seen[0].role() == Role.FAILED;
        });
        if (!failed) {
            throw c.failure(id + " did not stop itself; " + c.describeStatuses());
        }
        String failure = String.valueOf(seen[0].failure());
        assertTrue(failure.contains(reason), "the failure of " + id + " does not name '" + reason + "': " + failure);
        return seen[0];
    }

    /** {@code future} fails with a {@link RaftFailedException} whose message names {@code reason}. */
    static void assertFailsWith(RaftCluster c, CompletableFuture<?> future, String reason)
            throws InterruptedException, TimeoutException {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(15, TimeUnit.SECONDS),
                "completed normally although the member failed");
        assertInstanceOf(RaftFailedException.class, e.getCause(), String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains(reason), "'" + e.getCause().getMessage() + "' does not name '"
                + reason + "' " + c.seed().replayHint());
    }

    /** For three election timeouts: still FAILED, in the same term, and no more calls to its log. */
    private static void assertStaysStopped(RaftCluster c, NodeId id, FaultyLogStore log, long term) {
        int calls = log.callsAfterFault();
        Poll.pause(c.electionTimeout().multipliedBy(3));
        RaftStatus later = c.status(id).orElseThrow();
        assertEquals(Role.FAILED, later.role());
        assertEquals(term, later.term(), id + " changed its term after it failed");
        assertEquals(calls, log.callsAfterFault(), id + " kept using its failed log (" + calls + " calls, then "
                + log.callsAfterFault() + ")");
    }
}

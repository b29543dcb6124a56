package io.eraft.shardkv.kv.scenario;

import io.eraft.api.raft.RaftStatus;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.StoreKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.eraft.shardkv.kv.scenario.Bytes.b;
import static io.eraft.shardkv.kv.scenario.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots with a 1,000-byte log threshold (after MIT 6.824's 3B tests): the Raft log stays under 8 times the
 * threshold, a lagging server catches up by InstallSnapshot, snapshots stay small when the data is, servers restart
 * from their stores after their logs were compacted, and all of it under faults with the linearizability check.
 */
@Timeout(120)
class SnapshotScenarioTest {
    private static final long THRESHOLD = 1_000;
    private static final long MAX_SNAPSHOT_BYTES = 500;

    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void raftLogStaysUnderEightTimesTheThresholdWhileClientsWrite(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(3, 5).withSnapshots(THRESHOLD), store, seed);
        assertTrue(o.appends() > 100, "enough appends to need many snapshots: " + o);
    }

    /** MIT's TestSnapshotSize: 200 rounds of two puts and two gets on one key; log and snapshot stay small. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void snapshotStaysSmallWhenTheDataIsSmall(StoreKind store, TestSeed seed) {
        try (KvCluster c = KvCluster.builder(3, store, seed).snapshotThresholdBytes(THRESHOLD).start()) {
            KvClerk ck = c.client().clerk();
            for (int i = 0; i < 200; i++) {
                ck.put(b("x"), b("0"));
                assertEquals("0", s(ck.get(b("x"))));
                ck.put(b("x"), b("1"));
                assertEquals("1", s(ck.get(b("x"))));
            }
            assertLogsSmall(c);
            for (NodeId id : c.servers()) {
                long bytes = c.snapshotBytes(id);
                assertTrue(bytes <= MAX_SNAPSHOT_BYTES, id + "'s snapshot of one small key and one session is "
                        + bytes + " bytes, over " + MAX_SNAPSHOT_BYTES);
                assertTrue(c.status(id).orElseThrow().snapshotIndex() > 0, id + " never compacted its log");
            }
        }
    }

    /**
     * MIT's TestSnapshotRPC: a server cut off while 50 keys are written falls behind the leader's compacted log; then
     * the leader can make progress only with it, so it must install a snapshot, after which it holds every key.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aPartitionedServerCatchesUpByInstallSnapshot(StoreKind store, TestSeed seed) {
        try (KvCluster c = KvCluster.builder(3, store, seed).snapshotThresholdBytes(THRESHOLD).start()) {
            KvCluster.Client client = c.client();
            KvClerk ck = client.clerk();
            ck.put(b("a"), b("A"));
            NodeId leader = c.awaitLeader();
            List<NodeId> others = c.servers().stream().filter(id -> !id.equals(leader)).collect(Collectors.toList());
            NodeId lagging = others.get(0);
            NodeId helper = others.get(1);
            c.partition(List.of(List.of(leader, helper, client.node()), List.of(lagging)));
            for (int i = 0; i < 50; i++) {
                ck.put(b("k" + i), b("v" + i));
            }
            ck.put(b("b"), b("B"));
            long laggingLast = c.status(lagging).orElseThrow().lastLogIndex();
            boolean compactedPast = Poll.until(Duration.ofSeconds(10), () -> c.status(leader)
                    .map(RaftStatus::firstLogIndex).orElse(0L) > laggingLast + 1);
            assertTrue(compactedPast, "the leader's log must no longer hold what " + lagging + " lacks (it ends at "
                    + laggingLast + "); " + c.describe());

            c.partition(List.of(List.of(leader, lagging, client.node()), List.of(helper)));
            ck.put(b("c"), b("C"));
            ck.put(b("d"), b("D"));
            assertEquals("A", s(ck.get(b("a"))));
            assertEquals("B", s(ck.get(b("b"))));
            assertEquals("v37", s(ck.get(b("k37"))));
            assertTrue(c.status(lagging).orElseThrow().snapshotIndex() > laggingLast,
                    lagging + " caught up past its old log end by a snapshot; " + c.describe());
            // The reads above were answered by the leader; the lagging member holds the entries after the snapshot
            // (it was in the majority that committed c and d) but may not have applied them yet.
            long committed = c.status(leader).orElseThrow().commitIndex();
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> c.status(lagging)
                            .map(RaftStatus::appliedIndex).orElse(0L) >= committed),
                    lagging + " applies through the leader's commit index " + committed + "; " + c.describe());
            for (int i = 0; i < 50; i++) {
                assertEquals("v" + i, s(c.server(lagging).stateMachine().read(b("k" + i))),
                        lagging + "'s store after the install");
            }
            c.heal();
            ck.put(b("e"), b("E"));
            assertEquals("C", s(ck.get(b("c"))));
            assertEquals("E", s(ck.get(b("e"))));
            assertLogsSmall(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void recoveryFromSnapshotsAfterRestartsWithOneClient(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 1).withCrashBetweenRounds().withSnapshots(THRESHOLD),
                store, seed);
        assertTrue(o.restartsFromSnapshot() > 0, "some server restarted from a compacted log: " + o);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void recoveryFromSnapshotsAfterRestartsWithTwentyClients(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 20).withCrashBetweenRounds()
                .withSnapshots(THRESHOLD), store, seed);
        assertTrue(o.restartsFromSnapshot() > 0, "some server restarted from a compacted log: " + o);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void unreliableNetworkCrashesAndPartitionsWithSnapshotsAreLinearizable(StoreKind store, TestSeed seed) {
        // A 500-byte threshold: even the few writes that get through these faults compact the logs.
        Plan plan = Plan.of(5, 10).withUnreliable().withPartitions().withCrashesInRound().withCrashBetweenRounds()
                .withSnapshots(THRESHOLD / 2).withLinearizable().withRounds(3, Duration.ofMillis(1500));
        ScenarioRunner.Outcome o = ScenarioRunner.run(plan, store, seed);
        assertTrue(o.completed() >= 20, "enough completed operations for the check to mean something: " + o);
        assertTrue(o.restartsFromSnapshot() > 0, "some server restarted from a compacted log: " + o);
    }

    private static void assertLogsSmall(KvCluster c) {
        long bound = 8 * THRESHOLD;
        boolean small = Poll.until(Duration.ofSeconds(10), () -> c.servers().stream()
                .allMatch(id -> c.raftStateBytes(id) < bound));
        assertTrue(small, "a Raft log holds " + bound + " bytes or more: " + c.servers().stream()
                .map(id -> id + "=" + c.raftStateBytes(id) + "B").collect(Collectors.joining(", ")));
    }
}

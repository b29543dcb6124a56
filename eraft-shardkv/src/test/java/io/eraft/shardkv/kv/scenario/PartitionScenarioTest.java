package io.eraft.shardkv.kv.scenario;

import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.StoreKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.eraft.shardkv.kv.scenario.Bytes.b;
import static io.eraft.shardkv.kv.scenario.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Network partitions (after MIT 6.824's 3A partition tests). */
@Timeout(90)
class PartitionScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    /**
     * MIT's TestOnePartition: with the leader and two servers on one side, a client there writes and reads; clients
     * on the two-server side neither write nor read while it lasts, and both finish once it heals.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aMinorityMakesNoProgressWhileTheMajorityDoes(StoreKind store, TestSeed seed) throws Exception {
        try (KvCluster c = KvCluster.builder(5, store, seed).start()) {
            KvCluster.Client majorityClient = c.client();
            KvCluster.Client minorityWriter = c.client();
            KvCluster.Client minorityReader = c.client();
            majorityClient.clerk().put(b("1"), b("13"));
            NodeId leader = c.awaitLeader();
            List<NodeId> majority = new ArrayList<>(List.of(leader));
            List<NodeId> minority = new ArrayList<>();
            for (NodeId id : c.servers()) {
                if (!id.equals(leader)) {
                    (majority.size() < 3 ? majority : minority).add(id);
                }
            }
            majority.add(majorityClient.node());
            minority.add(minorityWriter.node());
            minority.add(minorityReader.node());
            c.partition(List.of(majority, minority));
            // The minority clients' clerks know every server: only the partition keeps them from the majority.
            majorityClient.clerk().put(b("1"), b("14"));
            assertEquals("14", s(majorityClient.clerk().get(b("1"))), "the majority side reads its own write");

            CompletableFuture<Void> put = minorityWriter.clerk().putAsync(b("1"), b("15"));
            CompletableFuture<Optional<byte[]>> get = minorityReader.clerk().getAsync(b("1"));
            Poll.pause(c.electionTimeout().multipliedBy(3));
            assertFalse(put.isDone(), "a put completed on the minority side: " + c.describe());
            assertFalse(get.isDone(), "a get completed on the minority side: " + c.describe());
            assertEquals("14", s(majorityClient.clerk().get(b("1"))), "the minority's put did not take effect");

            c.heal();
            put.get(20, TimeUnit.SECONDS);
            Optional<byte[]> read = get.get(20, TimeUnit.SECONDS);
            assertTrue(List.of("14", "15").contains(s(read)), "the minority read sees a written value: " + s(read));
            assertEquals("15", s(majorityClient.clerk().get(b("1"))), "after healing the minority's put applied");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void repeatedRandomPartitionsWithOneClient(StoreKind store, TestSeed seed) {
        // Progress is not asserted: a lone client may sit on a side without a majority for a whole run.
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 1).withPartitions(), store, seed);
        assertTrue(o.partitions() >= 3, "partitions were made: " + o);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void repeatedRandomPartitionsWithManyClients(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 5).withPartitions(), store, seed);
        assertTrue(o.partitions() >= 3, "partitions were made: " + o);
        assertTrue(o.appends() > 0, "the clients made progress: " + o);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void repeatedPartitionsOnAnUnreliableNetworkWithManyClients(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 5).withPartitions().withUnreliable(), store, seed);
        assertTrue(o.partitions() >= 3, "partitions were made: " + o);
    }

    /** Lease reads under partitions, crashes and loss: a cut-off leader's lease runs out before another is elected. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void leaseReadsUnderPartitionsCrashesAndLossAreLinearizable(StoreKind store, TestSeed seed) {
        Plan plan = Plan.of(5, 10).withPartitions().withCrashesInRound().withUnreliable().withLinearizable()
                .withLeaseRead().withRounds(3, Duration.ofMillis(1500));
        ScenarioRunner.Outcome o = ScenarioRunner.run(plan, store, seed);
        assertTrue(o.partitions() >= 3, "partitions were made: " + o);
        assertTrue(o.completed() >= 20, "enough completed operations for the check to mean something: " + o);
    }
}

package io.eraft.shardkv.kv.scenario;

import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.shardkv.kv.testing.StoreKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every server crashes after each round and restarts from its log and store (after MIT 6.824's 3A persistence
 * tests); the last test adds single-server crashes during rounds, partitions and an unreliable network, and checks
 * the whole history with the linearizability checker.
 */
@Timeout(120)
class PersistenceScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void crashAndRestartOfAllServersWithOneClient(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 1).withCrashBetweenRounds(), store, seed);
        assertTrue(o.appends() > 0, "the client made progress: " + o);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void crashAndRestartOfAllServersWithManyClients(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 5).withCrashBetweenRounds(), store, seed);
        assertTrue(o.appends() > 0, "the clients made progress: " + o);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void crashAndRestartOnAnUnreliableNetwork(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 5).withCrashBetweenRounds().withUnreliable(),
                store, seed);
        assertTrue(o.appends() > 0, "the clients made progress: " + o);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void crashAndRestartWithPartitions(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 5).withCrashBetweenRounds().withPartitions(),
                store, seed);
        assertTrue(o.partitions() >= 3, "partitions were made: " + o);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void crashAndRestartWithPartitionsOnAnUnreliableNetwork(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 5).withCrashBetweenRounds().withPartitions()
                .withUnreliable(), store, seed);
        assertTrue(o.partitions() >= 3, "partitions were made: " + o);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void fifteenClientsOnSevenServersWithPartitionsCrashesAndLossAreLinearizable(StoreKind store, TestSeed seed) {
        Plan plan = Plan.of(7, 15).withPartitions().withCrashesInRound().withCrashBetweenRounds().withUnreliable()
                .withLinearizable().withRounds(3, Duration.ofMillis(1500));
        ScenarioRunner.Outcome o = ScenarioRunner.run(plan, store, seed);
        assertTrue(o.partitions() >= 3, "partitions were made: " + o);
        assertTrue(o.completed() >= 20, "enough completed operations for the check to mean something: " + o);
    }
}

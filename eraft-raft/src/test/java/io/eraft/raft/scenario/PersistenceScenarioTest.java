package io.eraft.raft.scenario;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crashes and restarts on the memory log, whose crash keeps only synced writes (after MIT 6.824's 2C tests):
 * nothing acknowledged is lost, and the Figure 8 and churn scenarios never break safety.
 */
@Timeout(90)
class PersistenceScenarioTest {
    private static final Logger LOG = LoggerFactory.getLogger(PersistenceScenarioTest.class);
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    @Test
    void committedEntriesSurviveACrashOfEveryNode(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            long before = c.one(Commands.of("11"), 3, true);
            for (NodeId id : c.ids()) {
                c.crash(id);
            }
            for (NodeId id : c.ids()) {
                c.restart(id);
            }
            // every member re-applies its log from the start; the safety check compares each entry
            c.awaitApplied(before, 3);
            long after = c.one(Commands.of("12"), 3, true);
            assertTrue(after > before, "a new command must land after the entries committed before the crash");
        }
    }

    @Test
    void crashedLeaderRestartsAndCatchesUpWhileTheOthersCommit(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(3, seed).start()) {
            c.one(Commands.of("12"), 3, true);
            NodeId leader1 = c.checkOneLeader();
            c.crash(leader1);
            c.restart(leader1);
            c.one(Commands.of("13"), 3, true);

            NodeId leader2 = c.checkOneLeader();
            c.crash(leader2);
            long whileDown = c.one(Commands.of("14"), 2, true);
            c.restart(leader2);
            c.awaitApplied(whileDown, 3);
            c.one(Commands.of("15"), 3, true);
        }
    }

    @Test
    void crashedFollowersRestartAndCatchUpInAFiveNodeGroup(TestSeed seed) {
        try (RaftCluster c = RaftCluster.builder(5, seed).start()) {
            int index = 1;
            for (int round = 0; round < 5; round++) {
                c.one(Commands.of("round-" + round + "-" + index++), 5, true);
                NodeId leader = c.checkOneLeader();
                NodeId f1 = c.next(leader, 1);
                NodeId f2 = c.next(leader, 2);
                c.crash(f1);
                c.crash(f2);
                c.one(Commands.of("round-" + round + "-" + index++), 3, true);
                NodeId f3 = c.next(leader, 3);
                NodeId f4 = c.next(leader, 4);
                c.crash(f3);
                c.crash(f4);
                c.restart(f1);
                c.restart(f2);
                // f1 and f2 lost nothing they acknowledged, so with the leader they are a majority again
                long index2 = c.one(Commands.of("round-" + round + "-" + index++), 3, true);
                c.restart(f3);
                c.restart(f4);
                c.awaitApplied(index2, 5);
            }
            c.one(Commands.of("final"), 5, true);
        }
    }

    @Test
    @Timeout(120)
    void figure8LeadersCrashRightAfterProposingAndSafetyHolds(TestSeed seed) {
        Random random = seed.random(1);
        int servers = 5;
        long shortMaxMs = 13;
        try (RaftCluster c = RaftCluster.builder(servers, seed).start()) {
            long longMaxMs = c.electionTimeout().toMillis() / 2;
            c.one(Commands.random(random, 8), 1, true);
            int up = servers;
            int crashes = 0;
            for (int iteration = 0; iteration < 1000; iteration++) {
                NodeId leader = null;
                for (NodeId id : c.ids()) {
                    if (isLeader(c, id)) {
                        c.propose(id, Commands.random(random, 8));
                        leader = id;
                    }
                }
                Poll.pause(Duration.ofMillis(random.nextInt(1000) < 100
                        ? random.nextLong(longMaxMs) : random.nextLong(shortMaxMs)));
                if (leader != null) {
                    c.crash(leader);
                    crashes++;
                    up--;
                }
                if (up < 3) {
                    NodeId s = c.id(random.nextInt(servers));
                    if (!c.isUp(s)) {
                        c.restart(s);
                        up++;
                    }
                }
                c.assertSafe();
            }
            for (NodeId id : c.ids()) {
                if (!c.isUp(id)) {
                    c.restart(id);
                }
            }
            long last = c.one(Commands.random(random, 8), servers, true);
            LOG.info("figure 8: {} leader crashes, {} entries committed", crashes, last);
            assertTrue(crashes > 0, "no leader was ever crashed: the scenario tested nothing");
        }
    }

    @Test
    void agreementHoldsOnAnUnreliableNetwork(TestSeed seed) throws Exception {
        int servers = 5;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (RaftCluster c = RaftCluster.builder(servers, seed).start()) {
            c.setReliable(false);
            for (int iteration = 1; iteration < 50; iteration++) {
                List<Future<Long>> concurrent = new ArrayList<>();
                for (int j = 0; j < 4; j++) {
                    byte[] command = Commands.of("unreliable-" + iteration + "-" + j);
                    concurrent.add(pool.submit(() -> c.one(command, 1, true)));
                }
                c.one(Commands.of("unreliable-" + iteration), 1, true);
                for (Future<Long> f : concurrent) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
            c.setReliable(true);
            c.one(Commands.of("reliable-again"), servers, true);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(120)
    void figure8OnAnUnreliableNetworkWithLongReorderingKeepsSafety(TestSeed seed) {
        Random random = seed.random(1);
        int servers = 5;
        long shortMaxMs = 13;
        try (RaftCluster c = RaftCluster.builder(servers, seed).start()) {
            long longMaxMs = c.electionTimeout().toMillis() / 2;
            c.setReliable(false);
            c.one(Commands.random(random, 8), 1, true);
            int up = servers;
            int cuts = 0;
            for (int iteration = 0; iteration < 1000; iteration++) {
                if (iteration == 200) {
                    c.setLongReordering(true);
                }
                NodeId leader = null;
                for (NodeId id : c.ids()) {
                    if (isLeader(c, id)) {
                        c.propose(id, Commands.random(random, 8));
                        if (c.isConnected(id)) {
                            leader = id;
                        }
                    }
                }
                Poll.pause(Duration.ofMillis(random.nextInt(1000) < 100
                        ? random.nextLong(longMaxMs) : random.nextLong(shortMaxMs)));
                if (leader != null && random.nextInt(1000) < 500) {
                    c.disconnect(leader);
                    cuts++;
                    up--;
                }
                if (up < 3) {
                    NodeId s = c.id(random.nextInt(servers));
                    if (!c.isConnected(s)) {
                        c.connect(s);
                        up++;
                    }
                }
                c.assertSafe();
            }
            for (NodeId id : c.ids()) {
                c.connect(id);
            }
            long last = c.one(Commands.random(random, 8), servers, true);
            LOG.info("figure 8 unreliable: {} leaders cut off, {} entries committed", cuts, last);
            assertTrue(cuts > 0, "no leader was ever cut off: the scenario tested nothing");
        }
    }

    @Test
    void churnWithConcurrentClientsLosesNoAcknowledgedCommand(TestSeed seed) throws Exception {
        churn(seed, false);
    }

    @Test
    void churnOnAnUnreliableNetworkWithConcurrentClientsLosesNoAcknowledgedCommand(TestSeed seed)
            throws Exception {
        churn(seed, true);
    }

    /**
     * MIT's internalChurn: five members; three clients propose all along; 20 rounds of random disconnects,
     * reconnects, crashes and restarts. Every command a leader acknowledged must be at its index in the end.
     */
    private static void churn(TestSeed seed, boolean unreliable) throws Exception {
        Random random = seed.random(1);
        int servers = 5;
        try (RaftCluster c = RaftCluster.builder(servers, seed).start();
             ChurnClients clients = new ChurnClients(c, 3, seed)) {
            c.setReliable(!unreliable);
            Duration pauseBetweenRounds = c.electionTimeout().multipliedBy(7).dividedBy(10);
            for (int round = 0; round < 20; round++) {
                if (random.nextInt(1000) < 200) {
                    c.disconnect(c.id(random.nextInt(servers)));
                }
                if (random.nextInt(1000) < 500) {
                    NodeId id = c.id(random.nextInt(servers));
                    if (!c.isUp(id)) {
                        c.restart(id);
                    }
                    c.connect(id);
                }
                if (random.nextInt(1000) < 200) {
                    NodeId id = c.id(random.nextInt(servers));
                    if (c.isUp(id)) {
                        c.crash(id);
                    }
                }
                Poll.pause(pauseBetweenRounds);
                c.assertSafe();
            }
            Poll.pause(c.electionTimeout());
            c.setReliable(true);
            for (NodeId id : c.ids()) {
                if (!c.isUp(id)) {
                    c.restart(id);
                }
                c.connect(id);
            }
            List<ChurnClients.Acknowledged> acknowledged = clients.stop();

            long last = c.one(Commands.random(random, 8), servers, true);
            c.awaitApplied(last, servers);
            for (ChurnClients.Acknowledged ack : acknowledged) {
                if (!c.nCommitted(ack.index()).holds(ack.command(), servers)) {
                    throw c.failure("command " + Commands.describe(ack.command()) + " was acknowledged at index "
                            + ack.index() + " but the log holds " + c.history().at(ack.index())
                            .map(Object::toString).orElse("nothing") + " there");
                }
            }
            LOG.info("churn (unreliable={}): {} commands acknowledged, {} entries in the log", unreliable,
                    acknowledged.size(), last);
            assertTrue(acknowledged.size() > 0, "no client command was acknowledged during the churn");
        }
    }

    private static boolean isLeader(RaftCluster c, NodeId id) {
        return c.status(id).map(RaftStatus::role).map(r -> r == Role.LEADER).orElse(false);
    }
}

package io.eraft.shardkv.kv.scenario;

import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.StoreKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.eraft.shardkv.kv.scenario.Bytes.b;
import static io.eraft.shardkv.kv.scenario.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clients on a healthy or unreliable network (after MIT 6.824's 3A basic tests), and the speed of one client. */
@Timeout(90)
class BasicScenarioTest {
    private static final Logger LOG = LoggerFactory.getLogger(BasicScenarioTest.class);

    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void oneClientOnFiveServers(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 1), store, seed);
        assertTrue(o.appends() > 10, "the client made progress: " + o);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void manyConcurrentClients(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 5), store, seed);
        assertTrue(o.appends() > 50, "the clients made progress: " + o);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void manyClientsOnAnUnreliableNetwork(StoreKind store, TestSeed seed) {
        ScenarioRunner.Outcome o = ScenarioRunner.run(Plan.of(5, 5).withUnreliable(), store, seed);
        assertTrue(o.appends() > 10, "the clients made progress: " + o);
    }

    /**
     * Five clients append to one key over an unreliable network: every append shows up exactly once, and the order
     * in the value agrees with real time (an append that returned before another was invoked comes first).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void fiveClientsAppendingToOneKeyEachAppendAppearsOnceInReplyOrder(StoreKind store, TestSeed seed)
            throws Exception {
        int clients = 5;
        int perClient = 20;
        try (KvCluster c = KvCluster.builder(5, store, seed).start()) {
            c.setReliable(false);
            List<KvClerk> clerks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                clerks.add(c.client().clerk());
            }
            Map<String, long[]> times = new HashMap<>(); // token -> {invoked, returned}
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<CompletableFuture<Map<String, long[]>>> runs = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    int id = i;
                    runs.add(CompletableFuture.supplyAsync(() -> {
                        Map<String, long[]> mine = new HashMap<>();
                        for (int j = 0; j < perClient; j++) {
                            String token = "x " + id + " " + j + " y";
                            long invoked = System.nanoTime();
                            clerks.get(id).append(b("k"), b(token));
                            mine.put(token, new long[] {invoked, System.nanoTime()});
                        }
                        return mine;
                    }, pool));
                }
                for (CompletableFuture<Map<String, long[]>> r : runs) {
                    times.putAll(r.get());
                }
            } finally {
                pool.shutdownNow();
            }
            String value = s(clerks.get(0).get(b("k")));
            Map<String, Integer> position = new HashMap<>();
            for (String token : times.keySet()) {
                int at = value.indexOf(token);
                if (at < 0 || value.indexOf(token, at + 1) >= 0) {
                    throw c.failure("'" + token + "' appears " + (at < 0 ? "0 times" : "more than once")
                            + " in the value: " + value);
                }
                position.put(token, at);
            }
            assertEquals(times.keySet().stream().mapToInt(String::length).sum(), value.length(),
                    "the value holds the appends and nothing else");
            for (Map.Entry<String, long[]> a : times.entrySet()) {
                for (Map.Entry<String, long[]> b : times.entrySet()) {
                    if (a.getValue()[1] < b.getValue()[0] && position.get(a.getKey()) > position.get(b.getKey())) {
                        throw c.failure("'" + a.getKey() + "' returned before '" + b.getKey() + "' was invoked "
                                + "but comes after it in the value: " + value);
                    }
                }
            }
        }
    }

    /** 1,000 appends from one client, one after another, take well under 33 ms each on average (MIT's bound). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void oneThousandSequentialAppendsAverageUnderThirtyThreeMilliseconds(StoreKind store, TestSeed seed) {
        int n = 1000;
        try (KvCluster c = KvCluster.builder(3, store, seed).start()) {
            KvClerk ck = c.client().clerk();
            ck.put(b("speed"), new byte[0]); // finds the leader
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ck.append(b("speed"), b("x"));
            }
            double avgMillis = (System.nanoTime() - start) / 1e6 / n;
            LOG.info("{}: {} sequential appends, {} ms each on average", store, n, String.format("%.2f", avgMillis));
            assertEquals(n, ck.get(b("speed")).orElseThrow().length);
            assertTrue(avgMillis < 33, "appends took " + avgMillis + " ms each on average, MIT's bound is 33 ms");
        }
    }
}

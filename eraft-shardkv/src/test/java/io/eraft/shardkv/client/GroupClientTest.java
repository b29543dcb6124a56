package io.eraft.shardkv.client;

import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.KvClient;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.ModuleReads;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.api.testkit.TestSeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GroupClient} on a 3-server in-process KV group: every operation, both forms, concurrency, timeouts. */
@Timeout(120)
class GroupClientTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    static {
        ModuleReads.ensure();
    }

    private static GroupClient connect(KvCluster cluster) {
        return EraftClient.group(KvCluster.GROUP, NetworkProvider.addresses(cluster.servers()))
                .transport(new NetworkProvider(cluster.network()))
                .requestTimeout(Duration.ofMillis(300))
                .operationTimeout(Duration.ofSeconds(20))
                .connect();
    }

    @Test
    void putGetAppendDeleteAndCompareAndSetReachTheGroupThroughTheBlockingForms(TestSeed seed) {
        try (KvCluster cluster = KvCluster.builder(3, StoreKind.LEVELDB, seed).start();
             GroupClient client = connect(cluster)) {
            client.put("greeting", "hello");
            assertEquals(Optional.of("hello"), client.get("greeting"));
            client.append("greeting", ", world");
            assertEquals(Optional.of("hello, world"), client.get("greeting"));
            assertFalse(client.compareAndSet("greeting", "hello", "hi"), "a stale expected value does not swap");
            assertTrue(client.compareAndSet("greeting", "hello, world", "hi"));
            assertEquals(Optional.of("hi"), client.get("greeting"));
            assertTrue(client.compareAndSet("fresh", null, "1"), "expected null: set only if absent");
            assertFalse(client.compareAndSet("fresh", null, "2"));
            client.delete("greeting");
            assertEquals(Optional.empty(), client.get("greeting"));
            assertArrayEquals(bytes("1"), client.get(bytes("fresh")).orElseThrow(), "byte[] and text forms agree");
        }
    }

    @Test
    void manyConcurrentAsynchronousOperationsOnOneClientAllApplyExactlyOnce(TestSeed seed) throws Exception {
        try (KvCluster cluster = KvCluster.builder(3, StoreKind.LEVELDB, seed).start();
             GroupClient client = connect(cluster)) {
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                appends.add(client.appendAsync(bytes("log"), bytes("x")));
                appends.add(client.putAsync(bytes("k" + i), bytes("v" + i)));
            }
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertEquals(Optional.of("x".repeat(40)), client.get("log"), "40 concurrent appends, each applied once");
            for (int i = 0; i < 40; i++) {
                assertEquals(Optional.of("v" + i), client.getAsync(bytes("k" + i)).get(20, TimeUnit.SECONDS)
                        .map(GroupClientTest::text));
            }
            assertTrue(client.compareAndSetAsync(bytes("k0"), bytes("v0"), bytes("w")).get(20, TimeUnit.SECONDS));
            client.deleteAsync(bytes("k1")).get(20, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), client.get("k1"));
        }
    }

    @Test
    void aSessionIsAClerkOfTheGroupThatSharesTheClientsConnection(TestSeed seed) {
        try (KvCluster cluster = KvCluster.builder(3, StoreKind.LEVELDB, seed).start();
             GroupClient client = connect(cluster)) {
            KvClerk one = client.newSession();
            KvClerk two = client.newSession();
            assertNotEquals(one.clientId(), two.clientId(), "each session has its own id");
            one.put(bytes("s"), bytes("1"));
            assertEquals("1", text(two.get(bytes("s")).orElseThrow()));
            assertEquals(cluster.servers(), one.servers());
        }
    }

    @Test
    void anOperationTimeoutSetPerCallFailsThatCallWhenNoLeaderIsReachable(TestSeed seed) {
        try (KvCluster cluster = KvCluster.builder(3, StoreKind.LEVELDB, seed).start();
             GroupClient client = connect(cluster)) {
            client.put("k", "v");
            cluster.crashAll();
            KvClient quick = client.withOperationTimeout(Duration.ofMillis(400));
            long start = System.nanoTime();
            var e = assertThrows(io.eraft.shardkv.kv.KvTimeoutException.class, () -> quick.get(bytes("k")));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains("no server of group 'kv'") && e.getMessage().contains("PT0.4S"),
                    e.getMessage());
            assertTrue(tookMillis < 10_000, "gave up after the 400 ms timeout, not the client's 20 s: " + tookMillis);
            cluster.restartAll();
            assertEquals(Optional.of("v"), client.get("k"), "the client works again once a leader is back");
        }
    }

    @Test
    void aValueTheServersLimitsRefuseFailsWithKvRequestRejectedExceptionFromTheServer(TestSeed seed) {
        try (KvCluster cluster = KvCluster.builder(3, StoreKind.LEVELDB, seed).limits(new KvLimits(500, 64)).start();
             GroupClient client = EraftClient.group(KvCluster.GROUP, NetworkProvider.addresses(cluster.servers()))
                     .transport(new NetworkProvider(cluster.network()))
                     .limits(new KvLimits(500, 1024)) // the client allows more than the servers do
                     .operationTimeout(Duration.ofSeconds(20)).connect()) {
            var e = assertThrows(KvRequestRejectedException.class, () -> client.put("big", "x".repeat(100)));
            assertTrue(e.getMessage().contains("64"), "names the servers' limit: " + e.getMessage());
            assertEquals(Optional.empty(), client.get("big"), "nothing was written");
            client.put("small", "x");
            assertEquals(Optional.of("x"), client.get("small"), "the client goes on after a refusal");
        }
    }

    @Test
    void aValueOverTheClientsOwnLimitsIsRefusedBeforeAnythingIsSent(TestSeed seed) {
        try (KvCluster cluster = KvCluster.builder(3, StoreKind.LEVELDB, seed).start();
             GroupClient client = EraftClient.group(KvCluster.GROUP, NetworkProvider.addresses(cluster.servers()))
                     .transport(new NetworkProvider(cluster.network()))
                     .limits(new KvLimits(500, 8)).connect()) {
            var e = assertThrows(KvRequestRejectedException.class, () -> client.putAsync(bytes("k"),
                    bytes("123456789")));
            assertTrue(e.getMessage().contains("8"), e.getMessage());
            client.put("k", "12345678");
            assertEquals(Optional.of("12345678"), client.get("k"), "a refused call leaves its clerk usable");
        }
    }

    @Test
    void aClosedClientRefusesNewOperationsAndSessions(TestSeed seed) {
        try (KvCluster cluster = KvCluster.builder(3, StoreKind.LEVELDB, seed).start()) {
            GroupClient client = connect(cluster);
            client.put("k", "v");
            client.close();
            client.close(); // idempotent
            assertTrue(client.isClosed());
            var e = assertThrows(IllegalStateException.class, () -> client.get("k"));
            assertTrue(e.getMessage().contains("client of KV group 'kv'") && e.getMessage().contains("closed"),
                    e.getMessage());
            assertThrows(IllegalStateException.class, client::newSession, "no new session either");
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

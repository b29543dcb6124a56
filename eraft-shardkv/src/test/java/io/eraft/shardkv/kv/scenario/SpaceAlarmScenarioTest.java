package io.eraft.shardkv.kv.scenario;

import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.KvNoSpaceException;
import io.eraft.shardkv.kv.KvNotAppliedException;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.space.SpaceAlarm;
import io.eraft.shardkv.space.SpaceSettings;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static io.eraft.shardkv.kv.scenario.Bytes.b;
import static io.eraft.shardkv.kv.scenario.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NOSPACE alarm on a 3-server group whose free space a test controls: when the disk runs low every server refuses
 * puts, appends and compare-and-sets with a clear "no space" error (a definite failure) while reads and deletes are
 * served, the alarm shows in each server's status, it clears by itself when space is back, and nothing acknowledged
 * is lost.
 */
@Timeout(90)
class SpaceAlarmScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final long MIN_FREE = 64L << 20;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void lowDiskSpaceRefusesWritesThatAddDataServesReadsAndDeletesAndClearsByItself(StoreKind store, TestSeed seed) {
        AtomicLong free = new AtomicLong(10L << 30);
        SpaceSettings settings = new SpaceSettings(MIN_FREE, 0, Duration.ofMillis(20));
        try (KvCluster c = KvCluster.builder(3, store, seed).space(settings, free::get).start()) {
            KvClerk ck = c.client().clerk();
            ck.put(b("kept"), b("v1"));
            ck.append(b("kept"), b("+a"));
            ck.put(b("doomed"), b("x"));

            free.set(MIN_FREE - 1);
            assertTrue(awaitAll(c, SpaceAlarm::raised), "every server raised the alarm; " + c.describe());
            for (NodeId id : c.servers()) {
                SpaceAlarm alarm = c.server(id).space();
                assertTrue(alarm.reason().contains("under space.min-free=" + MIN_FREE), alarm.reason());
                assertEquals(MIN_FREE - 1, alarm.freeBytes());
            }

            KvNoSpaceException put = assertThrows(KvNoSpaceException.class, () -> ck.put(b("new"), b("v")));
            assertTrue(put.getMessage().startsWith("no space: "), put.getMessage());
            assertTrue(put.getMessage().contains("reads and deletes are served"), put.getMessage());
            assertInstanceOf(KvNotAppliedException.class, put, "NO_SPACE is a definite failure");
            assertThrows(KvNoSpaceException.class, () -> ck.append(b("kept"), b("+b")));
            assertThrows(KvNoSpaceException.class, () -> ck.compareAndSet(b("kept"), b("v1+a"), b("v2")));

            assertEquals("v1+a", s(ck.get(b("kept"))), "reads are served, and the refused writes changed nothing");
            ck.delete(b("doomed"));
            assertEquals(Optional.empty(), ck.get(b("doomed")), "deletes are served");
            assertEquals(Optional.empty(), ck.get(b("new")), "the refused put was not applied");

            free.set(10L << 30);
            assertTrue(awaitAll(c, a -> !a.raised()), "the alarm cleared by itself; " + c.describe());
            ck.put(b("new"), b("v"));
            ck.append(b("kept"), b("+c"));
            assertEquals("v", s(ck.get(b("new"))), "writes are accepted again");
            assertEquals("v1+a+c", s(ck.get(b("kept"))), "every acknowledged write is still there");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aStoreOverItsQuotaRefusesWritesNamingTheQuota(StoreKind store, TestSeed seed) {
        SpaceSettings tinyQuota = new SpaceSettings(0, 1, Duration.ofMillis(20));
        try (KvCluster c = KvCluster.builder(3, store, seed).space(tinyQuota, () -> 10L << 30).start()) {
            KvClerk ck = c.client().clerk();
            assertTrue(awaitAll(c, SpaceAlarm::raised), "a store of more than 1 byte is over the quota; "
                    + c.describe());
            KvNoSpaceException e = assertThrows(KvNoSpaceException.class, () -> ck.put(b("k"), b("v")));
            assertTrue(e.getMessage().contains("over space.quota=1"), e.getMessage());
            ck.delete(b("k"));
            assertEquals(Optional.empty(), ck.get(b("k")));
        }
    }

    private static boolean awaitAll(KvCluster c, Predicate<SpaceAlarm> condition) {
        return Poll.until(WAIT, () -> c.servers().stream().allMatch(id -> condition.test(c.server(id).space())));
    }
}

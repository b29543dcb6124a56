package io.eraft.shardkv.shard;

import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.ctrler.testing.Replicas;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.proto.ShardPhase;
import io.eraft.shardkv.shard.testing.ShardCluster;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller's SetServers with shard groups on an in-process network: a group's server list in the
 * configuration follows its membership, the groups apply the configuration without migrating anything, and clerks
 * (new ones, and one that learned the old list) route by the new list.
 */
@Timeout(180)
class SetServersScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final int SHARDS = 8;
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /**
     * Group a is listed with one server only (its leader); once that server is gone, only SetServers lets clerks
     * reach the two that remain: before it, a's keys time out; after it, every key is read and written again, and
     * no shard changed owner or phase.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void afterSetServersClerksRouteByTheNewListAndNoShardMoves(StoreKind kind, TestSeed seed) {
        try (ShardCluster c = new ShardCluster(kind, seed, dir, SHARDS, 0)) {
            Replicas<ShardServer> a = c.startGroup("a");
            Replicas<ShardServer> b = c.startGroup("b");
            NodeId listed = a.awaitLeader();
            ShardConfig joined = c.admin().join(Map.of("a", List.of(listed), "b", b.ids()));
            c.awaitSettled(joined.num());
            ShardClerk old = c.clerk(LONG);
            Map<String, String> expected = new LinkedHashMap<>();
            String keyOfA = null;
            for (int i = 0; i < 20; i++) {
                old.put(b("k" + i), b("v" + i));
                expected.put("k" + i, "v" + i);
                if (joined.owner(ShardKeys.shardOf(b("k" + i), SHARDS)).equals("a")) {
                    keyOfA = "k" + i;
                }
            }
            assertTrue(keyOfA != null, "group a owns some of the keys: " + joined);

            a.crash(listed);
            List<NodeId> remaining = a.ids().stream().filter(id -> !id.equals(listed)).toList();
            String probe = keyOfA;
            assertThrows(KvTimeoutException.class, () -> c.clerk(Duration.ofMillis(1500)).get(b(probe)),
                    "by the old list, group a's only listed server is gone");
            Map<NodeId, Map<Integer, ShardPhase>> phasesBefore = phases(c, a, b);

            ShardConfig set = c.admin().setServers("a", remaining);
            assertEquals(joined.num() + 1, set.num());
            assertEquals(joined.owners(), set.owners(), "no shard changes owner");
            assertEquals(remaining, set.groups().get("a"));
            assertEquals(joined.groups().get("b"), set.groups().get("b"));
            c.awaitSettled(set.num());
            assertEquals(phasesBefore, phases(c, a, b), "every server applied it with its shards as they were");

            ShardClerk fresh = c.clerk(LONG);
            assertValues(fresh, expected);
            for (Map.Entry<String, String> e : expected.entrySet()) {
                fresh.append(b(e.getKey()), b("+1"));
                e.setValue(e.getValue() + "+1");
            }
            assertValues(old, expected); // the clerk that knew the old list learns the new one
            assertEquals(set, c.admin().latest(), "no configuration after SetServers");
        }
    }

    private static Map<NodeId, Map<Integer, ShardPhase>> phases(ShardCluster c, Replicas<?>... groups) {
        Map<NodeId, Map<Integer, ShardPhase>> out = new HashMap<>();
        for (Replicas<?> g : groups) {
            for (NodeId id : g.ids()) {
                if (g.isUp(id)) {
                    out.put(id, c.group(g.groupId()).server(id).stateMachine().phases());
                }
            }
        }
        return out;
    }

    private static void assertValues(ShardClerk clerk, Map<String, String> expected) {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), new String(clerk.get(b(e.getKey())).orElseThrow(), StandardCharsets.UTF_8),
                    e.getKey());
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

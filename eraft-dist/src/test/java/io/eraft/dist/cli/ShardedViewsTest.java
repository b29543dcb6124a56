package io.eraft.dist.cli;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.NodeProbe;
import io.eraft.dist.client.ShardConfigText;
import io.eraft.dist.client.ShardRanges;
import io.eraft.dist.client.ShardedStatus;
import io.eraft.dist.client.ShardedStatusTable;
import io.eraft.dist.server.NodeStatus;
import io.eraft.dist.server.ServerRole;
import io.eraft.shardkv.ctrler.ShardConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How configurations and the sharded status read, for made-up clusters (no servers). */
class ShardedViewsTest {
    private static final String C1 = "127.0.0.1:7001";
    private static final String A1 = "127.0.0.1:7201";
    private static final String A2 = "127.0.0.1:7202";
    private static final String B1 = "127.0.0.1:7301";
    /** g1 owns 0-3 and 7, g2 owns 4-6. */
    private static final ShardConfig CONFIG = new ShardConfig(3,
            List.of("g1", "g1", "g1", "g1", "g2", "g2", "g2", "g1"),
            new TreeMap<>(Map.of("g1", List.of(NodeId.of(A1), NodeId.of(A2)), "g2", List.of(NodeId.of(B1)))));

    @Test
    void shardSetsAreWrittenAsRuns() {
        assertEquals("none", ShardRanges.format(List.of()));
        assertEquals("5", ShardRanges.format(List.of(5)));
        assertEquals("0-3,8,10-11", ShardRanges.format(List.of(11, 0, 1, 2, 3, 8, 10)));
        assertEquals("0-1", ShardRanges.format(List.of(1, 0, 1)));
    }

    @Test
    void aConfigurationShowsEachGroupsShardsAndServersAndTheUnassignedShards() {
        assertEquals("""
                configuration 3: 8 shards, 2 groups
                GROUP  SHARDS     SERVERS
                g1     0-3,7 (5)  127.0.0.1:7201,127.0.0.1:7202
                g2     4-6 (3)    127.0.0.1:7301
                unassigned shards: none
                """, ShardConfigText.format(CONFIG));
        assertEquals("configuration 0: 4 shards, no groups\nunassigned shards: 0-3\n",
                ShardConfigText.format(ShardConfig.initial(4)));
    }

    private static NodeProbe online(String id, String group, Role role, ServerRole kind, long config,
                                    Map<Integer, String> shards) {
        return new NodeProbe(NodeId.of(id), id, new NodeStatus(id, group, id, role, 2, role == Role.LEADER ? id : "",
                120, 118, 121, 0, 2048, "leveldb", 1536, kind, config, new TreeMap<>(shards)), null);
    }

    private static NodeProbe offline(String id) {
        return new NodeProbe(NodeId.of(id), id, null, "connection refused");
    }

    @Test
    void theShardedStatusShowsNodesThenEachGroupsShardsByStateAsItsLeaderReports() {
        ShardedStatus status = new ShardedStatus("ctrler", CONFIG, null,
                List.of(online(C1, "ctrler", Role.LEADER, ServerRole.CTRLER, 3, Map.of())),
                new TreeMap<>(Map.of(
                        "g1", List.of(online(A1, "g1", Role.LEADER, ServerRole.SHARD, 3, Map.of(0, "SERVING",
                                1, "SERVING", 2, "SERVING", 3, "GC_PENDING", 4, "BEING_PULLED", 7, "PULLING")),
                                offline(A2)),
                        "g2", List.of(online(B1, "g2", Role.FOLLOWER, ServerRole.SHARD, 2, Map.of(5, "SERVING"))))));
        assertEquals("""
                configuration 3: 8 shards, 2 groups (controller ctrler)

                ID              GROUP   ROLE      TERM  COMMIT  APPLIED  CONFIG  LOG      STORE
                127.0.0.1:7001  ctrler  LEADER       2     120      118       3  2.0 KiB  1.5 KiB
                127.0.0.1:7201  g1      LEADER       2     120      118       3  2.0 KiB  1.5 KiB
                127.0.0.1:7202  g1      offline (connection refused)
                127.0.0.1:7301  g2      FOLLOWER     2     120      118       2  2.0 KiB  1.5 KiB

                GROUP  CONFIG  OWNS       SHARDS (as the group's leader reports them)
                g1     3       0-3,7 (5)  0-2 serving; 7 PULLING; 4 BEING_PULLED; 3 GC_PENDING
                g2     -       4-6 (3)    no leader among the servers that answered
                unassigned shards: none
                """, ShardedStatusTable.format(status));
        assertFalse(status.healthy(), "a node is offline");
    }

    @Test
    void aGroupWithNoServerAnsweringAndAnUnknownConfigurationAreSaidSo() {
        ShardedStatus down = new ShardedStatus("ctrler", CONFIG, null,
                List.of(online(C1, "ctrler", Role.LEADER, ServerRole.CTRLER, 3, Map.of())),
                new TreeMap<>(Map.of("g1", List.of(offline(A1), offline(A2)),
                        "g2", List.of(online(B1, "g2", Role.LEADER, ServerRole.SHARD, 3, Map.of())))));
        String text = ShardedStatusTable.format(down);
        assertTrue(text.contains("\ng1     -       0-3,7 (5)  no server answered\n"), text);
        assertTrue(text.contains("\ng2     3       4-6 (3)    holds no shards\n"), text);

        ShardedStatus unknown = new ShardedStatus("ctrler", null, "no controller server answered within 2000 ms",
                List.of(offline(C1)), new TreeMap<>());
        assertEquals("""
                configuration unknown: no controller server answered within 2000 ms (controller ctrler)

                ID              GROUP   ROLE  TERM  COMMIT  APPLIED  CONFIG  LOG  STORE
                127.0.0.1:7001  ctrler  offline (connection refused)
                """, ShardedStatusTable.format(unknown));
        assertFalse(unknown.healthy(), "the configuration is unknown");
    }
}

package io.eraft.shardkv.ctrler;

import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.proto.CtrlerCommand;
import io.eraft.shardkv.proto.GroupServers;
import io.eraft.shardkv.proto.JoinOp;
import io.eraft.shardkv.proto.SetServersOp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ConfigChange} on its own: SetServers replaces a group's servers and moves no shard, or is refused. */
class ConfigChangeTest {
    private static final ShardConfig THREE_GROUPS_FOUR_SHARDS = ConfigChange.apply(ShardConfig.initial(4),
            CtrlerCommand.newBuilder().setJoin(JoinOp.newBuilder().addGroups(group("a", "a-0"))
                    .addGroups(group("b", "b-0")).addGroups(group("c", "c-0"))).build()).config();

    @Test
    void setServersKeepsEveryOwnerAndChangesOnlyThatGroupsServers() {
        ShardConfig latest = THREE_GROUPS_FOUR_SHARDS;
        ConfigChange.Outcome out = ConfigChange.apply(latest, setServers("b", "b-1", "b-2", "b-3"));
        assertNull(out.refusal());
        assertEquals(latest.num() + 1, out.config().num());
        assertEquals(latest.owners(), out.config().owners());
        assertEquals(List.of(NodeId.of("b-1"), NodeId.of("b-2"), NodeId.of("b-3")), out.config().groups().get("b"));
        assertEquals(latest.groups().get("a"), out.config().groups().get("a"));
        assertEquals(latest.groups().get("c"), out.config().groups().get("c"));
    }

    @Test
    void setServersOfAGroupOwningNoShardStillMakesTheNextConfiguration() {
        ShardConfig latest = ConfigChange.apply(ShardConfig.initial(1), CtrlerCommand.newBuilder().setJoin(
                JoinOp.newBuilder().addGroups(group("a", "a-0")).addGroups(group("b", "b-0"))).build()).config();
        String idle = latest.shardsOf("a").isEmpty() ? "a" : "b";
        ConfigChange.Outcome out = ConfigChange.apply(latest, setServers(idle, idle + "-5"));
        assertNull(out.refusal());
        assertEquals(latest.owners(), out.config().owners());
        assertEquals(List.of(NodeId.of(idle + "-5")), out.config().groups().get(idle));
    }

    @Test
    void setServersIsRefusedForAnUnknownGroupNoServersOrAServerNamedTwice() {
        assertRefused(setServers("z", "z-0"), "group 'z': it is not in configuration 1 [a, b, c]");
        assertRefused(setServers("a"), "group 'a' cannot be given no servers");
        assertRefused(setServers("a", "a-0", "a-0"), "server 'a-0' is named twice in the servers of group 'a'");
        assertRefused(setServers("", "x-0"), "it is not in configuration 1");
    }

    private static void assertRefused(CtrlerCommand command, String cause) {
        ConfigChange.Outcome out = ConfigChange.apply(THREE_GROUPS_FOUR_SHARDS, command);
        assertNull(out.config());
        assertTrue(out.refusal().contains(cause), "'" + out.refusal() + "' names '" + cause + "'");
    }

    private static GroupServers.Builder group(String id, String... servers) {
        return GroupServers.newBuilder().setGroupId(id).addAllServers(List.of(servers));
    }

    private static CtrlerCommand setServers(String id, String... servers) {
        return CtrlerCommand.newBuilder().setSetServers(SetServersOp.newBuilder().setGroup(group(id, servers)))
                .build();
    }
}

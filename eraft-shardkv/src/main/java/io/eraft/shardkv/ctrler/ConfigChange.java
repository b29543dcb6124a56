package io.eraft.shardkv.ctrler;

import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.proto.CtrlerCommand;
import io.eraft.shardkv.proto.GroupServers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes the configuration a Join, Leave, Move or SetServers makes from the latest one, or says why the command
 * is refused.
 * Pure: the result depends only on the command and the configuration, so every replica agrees.
 */
final class ConfigChange {
    /** The outcome: the new configuration, or a refusal (the configuration stays as it was). */
    record Outcome(ShardConfig config, String refusal) {
        static Outcome refused(String why) {
            return new Outcome(null, why);
        }
    }

    private ConfigChange() {
    }

    static Outcome apply(ShardConfig latest, CtrlerCommand command) {
        switch (command.getOpCase()) {
            case JOIN:
                return join(latest, command.getJoin().getGroupsList());
            case LEAVE:
                return leave(latest, command.getLeave().getGroupIdsList());
            case MOVE:
                return move(latest, command.getMove().getShard(), command.getMove().getGroupId());
            case SET_SERVERS:
                return setServers(latest, command.getSetServers().getGroup());
            default:
                return Outcome.refused("the command has no Join, Leave, Move or SetServers");
        }
    }

    private static Outcome join(ShardConfig latest, List<GroupServers> joining) {
        if (joining.isEmpty()) {
            return Outcome.refused("a Join names no group");
        }
        Map<String, List<NodeId>> groups = new TreeMap<>(latest.groups());
        for (GroupServers g : joining) {
            String id = g.getGroupId();
            if (id.isEmpty()) {
                return Outcome.refused("a Join names a group with an empty id");
            }
            if (groups.containsKey(id)) {
                return Outcome.refused("group '" + id + "' is already in configuration " + latest.num()
                        + " (or named twice in the Join)");
            }
            if (g.getServersCount() == 0) {
                return Outcome.refused("group '" + id + "' joins with no servers");
            }
            groups.put(id, g.getServersList().stream().map(NodeId::of).toList());
        }
        return new Outcome(latest.next(Rebalancer.rebalance(latest.owners(), groups.keySet()), groups), null);
    }

    private static Outcome leave(ShardConfig latest, List<String> leaving) {
        if (leaving.isEmpty()) {
            return Outcome.refused("a Leave names no group");
        }
        Map<String, List<NodeId>> groups = new TreeMap<>(latest.groups());
        Set<String> seen = new HashSet<>();
        for (String id : leaving) {
            if (!seen.add(id) || groups.remove(id) == null) {
                return Outcome.refused("group '" + id + "' is not in configuration " + latest.num()
                        + " " + latest.groups().keySet() + " (or named twice in the Leave)");
            }
        }
        return new Outcome(latest.next(Rebalancer.rebalance(latest.owners(), groups.keySet()), groups), null);
    }

    private static Outcome move(ShardConfig latest, int shard, String groupId) {
        if (shard < 0 || shard >= latest.shardCount()) {
            return Outcome.refused("shard " + Integer.toUnsignedString(shard) + " does not exist; the cluster has "
                    + latest.shardCount() + " shards (0.." + (latest.shardCount() - 1) + ")");
        }
        if (!latest.groups().containsKey(groupId)) {
            return Outcome.refused("cannot move shard " + shard + " to group '" + groupId + "': it is not in "
                    + "configuration " + latest.num() + " " + latest.groups().keySet());
        }
        List<String> owners = new ArrayList<>(latest.owners());
        owners.set(shard, groupId);
        return new Outcome(latest.next(owners, latest.groups()), null);
    }

    /**
     * Replaces the servers of a group already in the configuration (its Raft membership changed): the next
     * configuration has the same shard owners, so no shard migrates; the groups and clerks route by the new list.
     */
    private static Outcome setServers(ShardConfig latest, GroupServers group) {
        String id = group.getGroupId();
        if (!latest.groups().containsKey(id)) {
            return Outcome.refused("cannot set the servers of group '" + id + "': it is not in configuration "
                    + latest.num() + " " + latest.groups().keySet() + " (to add a group, join it)");
        }
        if (group.getServersCount() == 0) {
            return Outcome.refused("group '" + id + "' cannot be given no servers (to remove a group, leave it)");
        }
        Set<String> seen = new HashSet<>();
        List<NodeId> servers = new ArrayList<>(group.getServersCount());
        for (String server : group.getServersList()) {
            if (!seen.add(server)) {
                return Outcome.refused("server '" + server + "' is named twice in the servers of group '" + id
                        + "'");
            }
            try {
                servers.add(NodeId.of(server));
            } catch (IllegalArgumentException e) {
                return Outcome.refused("group '" + id + "' is given a bad server: " + e.getMessage());
            }
        }
        Map<String, List<NodeId>> groups = new TreeMap<>(latest.groups());
        groups.put(id, List.copyOf(servers));
        return new Outcome(latest.next(latest.owners(), groups), null);
    }
}

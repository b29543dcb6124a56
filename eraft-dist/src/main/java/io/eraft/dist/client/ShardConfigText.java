package io.eraft.dist.client;

import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.ctrler.ShardConfig;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A shard configuration as people read it: its number, each group with the shards it owns and its servers, and
 * the shards no group owns.
 * <pre>
 * configuration 3: 16 shards, 2 groups
 * GROUP  SHARDS    SERVERS
 * g1     0-7 (8)   127.0.0.1:7201,127.0.0.1:7202,127.0.0.1:7203
 * g2     8-15 (8)  127.0.0.1:7301
 * unassigned shards: none
 * </pre>
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ShardConfigText {
    private ShardConfigText() {
    }

    public static String format(ShardConfig config) {
        StringBuilder b = new StringBuilder(heading(config)).append('\n');
        if (!config.groups().isEmpty()) {
            TextTable table = new TextTable(List.of("GROUP", "SHARDS", "SERVERS"));
            config.groups().forEach((group, servers) -> table.row(group, owned(config, group), servers(servers)));
            b.append(table.format());
        }
        return b.append("unassigned shards: ").append(ShardRanges.format(config.shardsOf(ShardConfig.UNASSIGNED)))
                .append('\n').toString();
    }

    /** {@code configuration 3: 16 shards, 2 groups}. */
    public static String heading(ShardConfig config) {
        int groups = config.groups().size();
        return "configuration " + config.num() + ": " + config.shardCount() + " shards, "
                + (groups == 0 ? "no groups" : groups == 1 ? "1 group" : groups + " groups");
    }

    /** The shards {@code group} owns in {@code config} with their count: {@code 0-3,8 (5)}. */
    public static String owned(ShardConfig config, String group) {
        List<Integer> shards = config.shardsOf(group);
        return ShardRanges.format(shards) + " (" + shards.size() + ")";
    }

    private static String servers(List<NodeId> servers) {
        return servers.stream().map(NodeId::value).collect(Collectors.joining(","));
    }
}

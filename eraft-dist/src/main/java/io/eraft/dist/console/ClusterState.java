package io.eraft.dist.console;

import java.util.List;
import java.util.Map;

/**
 * What the console shows: the latest round of status and the figures of the last minutes.
 *
 * @param polledMillis  when the latest round was taken (epoch milliseconds), 0 before the first
 * @param nodes         one row per server
 * @param groups        per group, the leader (empty when none is known)
 * @param configNum     the controller's latest configuration number, or -1 for a plain KV group or when unknown
 * @param configProblem why a sharded cluster's configuration is unknown, or null
 * @param shards        the shard map (sharded clusters), by shard number
 * @param series        per round, the figures of every group
 */
record ClusterState(long polledMillis, List<NodeRow> nodes, List<GroupRow> groups, long configNum,
                           String configProblem, List<ShardRow> shards, List<Sample> series) {
    public ClusterState {
        nodes = List.copyOf(nodes);
        groups = List.copyOf(groups);
        shards = List.copyOf(shards);
        series = List.copyOf(series);
    }

    /** Before the first round. */
    static final ClusterState EMPTY = new ClusterState(0, List.of(), List.of(), -1, null, List.of(), List.of());

    /**
     * One server.
     *
     * @param role    its Raft role, or "OFFLINE"
     * @param lag     entries its group's leader has committed that it has not applied; -1 when no leader is known
     * @param problem why it is offline, or its failure, or ""
     */
    public record NodeRow(String id, String group, String address, String role, long term, String leader,
                          long commitIndex, long appliedIndex, long lag, boolean offline, boolean failed,
                          String problem) {
    }

    /** A group and its leader ("" when none is known). */
    public record GroupRow(String group, String leader) {
    }

    /** A shard, the group that owns it in the latest configuration, and its phase at that group's leader. */
    public record ShardRow(int shard, String group, String state) {
    }

    /**
     * The figures of one round.
     *
     * @param timeMillis when it was taken
     * @param groups     per group (in order of first appearance)
     */
    public record Sample(long timeMillis, Map<String, GroupFigures> groups) {
        public Sample {
            groups = Map.copyOf(groups);
        }
    }

    /**
     * One group's figures in one round.
     *
     * @param opsPerSecond   KV requests its servers served per second since the previous round; NaN in the first
     *                       round a group appears
     * @param kvP99Micros    the highest 99th percentile KV latency among its servers (last few seconds)
     * @param fsyncP99Micros the highest 99th percentile fsync duration among its servers (last few seconds)
     * @param commitLag      its leader's commit index minus the lowest applied index among its servers that answered;
     *                       -1 when no leader is known
     */
    public record GroupFigures(double opsPerSecond, long kvP99Micros, long fsyncP99Micros, long commitLag) {
    }
}

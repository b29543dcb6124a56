package io.eraft.dist.client;

import io.eraft.api.raft.Role;
import io.eraft.dist.server.NodeStatus;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.shard.ShardState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Prints a {@link ShardedStatus}: the configuration's heading, one row per controller node and group server, then
 * one line per group with the shards it owns and each shard's state as the group's leader reports it.
 * <pre>
 * cluster 3f9a0c1d2e4b5a67
 * configuration 3: 16 shards, 2 groups (controller ctrler)
 *
 * ID              GROUP   ROLE      TERM  COMMIT  APPLIED  CONFIG  LOG       STORE
 * 127.0.0.1:7001  ctrler  LEADER       2      15       15       3  12.0 KiB  3.1 KiB
 * 127.0.0.1:7201  g1      LEADER       2     210      210       3  1.2 MiB   80.5 KiB
 * 127.0.0.1:7301  g2      offline (connection refused)
 * 127.0.0.1:7202: recovering: it lost log entries to damage and votes again once its leader has given them back
 *
 * GROUP  CONFIG  OWNS       SHARDS (as the group's leader reports them)
 * g1     3       0-8 (9)    0-3,8 serving; 4 PULLING; 12 BEING_PULLED
 * g2     -       9-15 (7)   no server answered
 * unassigned shards: none
 * </pre>
 * A served shard shows as {@code serving}; the others by their state ({@link ShardState}), in capitals, so that a
 * migration in progress stands out. A shard a group still holds but no longer owns is {@code BEING_PULLED}.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ShardedStatusTable {
    private ShardedStatusTable() {
    }

    public static String format(ShardedStatus status) {
        StringBuilder b = new StringBuilder(HealthNotes.clusterLine(status.all()));
        if (status.config() != null) {
            b.append(ShardConfigText.heading(status.config()));
        } else {
            b.append("configuration unknown: ").append(status.configProblem());
        }
        b.append(" (controller ").append(status.controller()).append(")\n\n");
        b.append(nodes(status));
        b.append(HealthNotes.notes(status.all()));
        if (status.config() != null && !status.config().groups().isEmpty()) {
            b.append('\n').append(groups(status));
        }
        if (status.config() != null) {
            b.append("unassigned shards: ")
                    .append(ShardRanges.format(status.config().shardsOf(ShardConfig.UNASSIGNED))).append('\n');
        }
        return b.toString();
    }

    private static String nodes(ShardedStatus status) {
        TextTable t = new TextTable(List.of("ID", "GROUP", "ROLE", "TERM", "COMMIT", "APPLIED", "CONFIG", "LOG",
                "STORE"), 3, 4, 5, 6);
        status.controllers().forEach(p -> node(t, status.controller(), p));
        status.groups().forEach((group, probes) -> probes.forEach(p -> node(t, group, p)));
        return t.format();
    }

    private static void node(TextTable t, String group, NodeProbe p) {
        if (!p.online()) {
            t.row(p.id().value(), group, "offline (" + p.problem() + ")");
            return;
        }
        NodeStatus s = p.status();
        t.row(s.id(), group, s.role().name(), Long.toString(s.term()), Long.toString(s.commitIndex()),
                Long.toString(s.appliedIndex()), Long.toString(s.configNum()), ByteSizes.format(s.logBytes()),
                ByteSizes.format(s.storeBytes()));
    }

    private static String groups(ShardedStatus status) {
        TextTable t = new TextTable(List.of("GROUP", "CONFIG", "OWNS", "SHARDS (as the group's leader reports them)"));
        status.groups().forEach((group, probes) -> {
            String owns = ShardConfigText.owned(status.config(), group);
            Optional<NodeStatus> leader = probes.stream().filter(NodeProbe::online).map(NodeProbe::status)
                    .filter(s -> s.role() == Role.LEADER).findFirst();
            if (leader.isPresent()) {
                t.row(group, Long.toString(leader.get().configNum()), owns, states(leader.get()));
            } else {
                boolean anyOnline = probes.stream().anyMatch(NodeProbe::online);
                t.row(group, "-", owns, anyOnline ? "no leader among the servers that answered" : "no server answered");
            }
        });
        return t.format();
    }

    /** {@code 0-3,8 serving; 4 PULLING}: the shards in each state, served ones first. */
    static String states(NodeStatus leader) {
        if (leader.shards().isEmpty()) {
            return "holds no shards";
        }
        Map<String, List<Integer>> byState = new LinkedHashMap<>();
        for (ShardState s : ShardState.values()) {
            byState.put(s.name(), new ArrayList<>());
        }
        leader.shards().forEach((shard, state) -> byState.computeIfAbsent(state, k -> new ArrayList<>()).add(shard));
        StringJoiner out = new StringJoiner("; ");
        byState.forEach((state, shards) -> {
            if (!shards.isEmpty()) {
                out.add(ShardRanges.format(shards) + " "
                        + (state.equals(ShardState.SERVING.name()) ? "serving" : state));
            }
        });
        return out.toString();
    }
}

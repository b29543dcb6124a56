package io.eraft.dist.client;

import io.eraft.shardkv.admin.GroupMembers;

import java.util.OptionalLong;

/**
 * {@code eraft member}'s output: a group's configuration, one member a row, with each member's lag.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class MemberTable {
    private MemberTable() {
    }

    /**
     * The configuration index and leader, then a table of ID, ROLE (voter or learner; the leader marked), ADDRESS (as
     * its change named it, "-" for an initial member), MATCH and LAG (entries behind the leader's log).
     */
    public static String format(String group, GroupMembers members) {
        TextTable table = new TextTable(java.util.List.of("ID", "ROLE", "ADDRESS", "MATCH", "LAG"), 3, 4);
        for (GroupMembers.Member m : members.members()) {
            OptionalLong lag = members.lag(m);
            table.row(m.id(), m.role() + (m.id().equals(members.leader()) ? " (leader)" : ""),
                    m.address().isEmpty() ? "-" : m.address(),
                    m.matchIndex().isPresent() ? Long.toString(m.matchIndex().getAsLong()) : "-",
                    lag.isPresent() ? Long.toString(lag.getAsLong()) : "-");
        }
        long voters = members.members().stream().filter(GroupMembers.Member::voter).count();
        return "group " + group + ": configuration at index " + members.index() + ", " + voters + " voter"
                + (voters == 1 ? "" : "s") + ", " + (members.members().size() - voters) + " learner"
                + (members.members().size() - voters == 1 ? "" : "s")
                + (members.leader().isEmpty() ? "" : ", leader " + members.leader()) + "\n" + table.format();
    }
}

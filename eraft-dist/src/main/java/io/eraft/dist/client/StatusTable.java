package io.eraft.dist.client;

import io.eraft.api.raft.Role;
import io.eraft.dist.server.NodeStatus;

import java.util.List;
import java.util.Locale;

/**
 * Prints status probes as a table: the cluster the nodes belong to, one line per node ("offline" for those that did
 * not answer), then a line per node that failed or is recovering ({@link HealthNotes}).
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class StatusTable {
    private static final String ROW = "%-10s %-22s %-13s %-8s %6s %10s %10s %8s %10s %10s%n";

    private StatusTable() {
    }

    public static String format(List<NodeProbe> probes) {
        StringBuilder b = new StringBuilder(HealthNotes.clusterLine(probes));
        b.append(String.format(Locale.ROOT, ROW, "ID", "ADDRESS", "ROLE", "MEMBER", "TERM", "COMMIT", "APPLIED",
                "LAG", "LOG", "STORE"));
        NodeStatus leader = leader(probes);
        for (NodeProbe p : probes) {
            if (p.online()) {
                NodeStatus s = p.status();
                String lag = leader == null ? "-" : Long.toString(Math.max(0, leader.lastLogIndex()
                        - s.lastLogIndex()));
                b.append(String.format(Locale.ROOT, ROW, s.id(), s.address(), s.role(),
                        s.member().isEmpty() ? "-" : s.member(), s.term(), s.commitIndex(), s.appliedIndex(), lag,
                        ByteSizes.format(s.logBytes()), ByteSizes.format(s.storeBytes())));
            } else {
                b.append(String.format(Locale.ROOT, "%-10s %-22s %-13s (%s)%n", p.id(), p.address(), "offline",
                        p.problem()));
            }
        }
        b.append(HealthNotes.notes(probes));
        return b.toString();
    }

    /** The leader in the highest term among the nodes that answered, or null: LAG counts entries behind its log. */
    private static NodeStatus leader(List<NodeProbe> probes) {
        return probes.stream().filter(NodeProbe::online).map(NodeProbe::status)
                .filter(s -> s.role() == Role.LEADER).max(java.util.Comparator.comparingLong(NodeStatus::term))
                .orElse(null);
    }
}

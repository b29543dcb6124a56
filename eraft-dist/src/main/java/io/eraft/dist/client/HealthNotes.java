package io.eraft.dist.client;

import io.eraft.dist.server.NodeStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the status tables print around their rows about the nodes' health: the cluster they belong to (one line, or
 * which node says which when they disagree) and one line per node that stopped itself (FAILED, with the reason) or
 * is recovering lost log entries, or whose space alarm is raised.
 * <pre>
 * cluster 3f9a0c1d2e4b5a67
 * ...
 * n2: FAILED: log write failed: No space left on device
 * n3: recovering: it lost log entries to damage and votes again once its leader has given them back
 * n1: NO SPACE: 180 MiB free on the data directory's file system, under space.min-free 256 MiB (writes that add
 *     data are refused; reads and deletes are served)
 * </pre>
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class HealthNotes {
    private HealthNotes() {
    }

    /**
     * "cluster ID" when every answering node names the same cluster, "clusters differ: n1 ID, n2 ID" when they do
     * not, "" when none named one; with a line break.
     */
    public static String clusterLine(List<NodeProbe> probes) {
        Map<String, String> byNode = new LinkedHashMap<>();
        for (NodeProbe p : probes) {
            if (p.online() && !p.status().cluster().isEmpty()) {
                byNode.put(p.id().value(), p.status().cluster());
            }
        }
        if (byNode.isEmpty()) {
            return "";
        }
        if (byNode.values().stream().distinct().count() == 1) {
            return "cluster " + byNode.values().iterator().next() + "\n";
        }
        return "clusters differ: " + byNode.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + "\n";
    }

    /** One line per failed, recovering or out-of-space node, in probe order; "" when all are healthy. */
    public static String notes(List<NodeProbe> probes) {
        StringBuilder b = new StringBuilder();
        for (NodeProbe p : probes) {
            if (!p.online()) {
                continue;
            }
            NodeStatus s = p.status();
            if (s.failed()) {
                b.append(s.id()).append(": FAILED: ")
                        .append(s.failure().isEmpty() ? "(no reason given)" : s.failure()).append('\n');
            }
            if (s.recovering()) {
                b.append(s.id()).append(": recovering: it lost log entries to damage and votes again once its "
                        + "leader has given them back\n");
            }
            if (!s.alarm().isEmpty()) {
                b.append(s.id()).append(": NO SPACE: ").append(s.alarm())
                        .append(" (writes that add data are refused; reads and deletes are served)\n");
            }
        }
        return b.toString();
    }

    /** Whether every answering node is healthy: none failed, none out of space. */
    public static boolean healthy(List<NodeProbe> probes) {
        return probes.stream().noneMatch(p -> p.online() && (p.status().failed() || !p.status().alarm().isEmpty()));
    }
}

package io.eraft.dist.cli;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.HealthNotes;
import io.eraft.dist.client.NodeProbe;
import io.eraft.dist.client.StatusTable;
import io.eraft.dist.server.NodeStatus;
import io.eraft.dist.server.ServerRole;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code eraft status} shows the cluster id, a failed member and a recovering one (made-up probes). */
class HealthNotesTest {
    private static final String CLUSTER = "3f9a0c1d2e4b5a67";

    private static NodeProbe node(String id, Role role, String cluster, String failure, boolean recovering) {
        return node(id, role, cluster, failure, recovering, "");
    }

    private static NodeProbe node(String id, Role role, String cluster, String failure, boolean recovering,
                                  String alarm) {
        return new NodeProbe(NodeId.of(id), "127.0.0.1:7101", new NodeStatus(id, "kv", "127.0.0.1:7101", role, 3, "",
                10, 10, 10, 0, 1024, "leveldb", 1024, ServerRole.KV, 0, new TreeMap<>(), cluster, failure,
                recovering, alarm), null);
    }

    @Test
    void theTableStartsWithTheClusterAndEndsWithTheFailedAndRecoveringNodes() {
        List<NodeProbe> probes = List.of(node("n1", Role.LEADER, CLUSTER, "", false),
                node("n2", Role.FAILED, CLUSTER, "log write failed: No space left on device", false),
                node("n3", Role.FOLLOWER, CLUSTER, "", true),
                new NodeProbe(NodeId.of("n4"), "127.0.0.1:7104", null, "connection refused"));
        String[] lines = StatusTable.format(probes).split("\n");
        assertEquals("cluster " + CLUSTER, lines[0]);
        assertTrue(lines[3].startsWith("n2 ") && lines[3].contains(" FAILED "), lines[3]);
        assertEquals("n2: FAILED: log write failed: No space left on device", lines[6]);
        assertEquals("n3: recovering: it lost log entries to damage and votes again once its leader has given them "
                + "back", lines[7]);
        assertEquals(8, lines.length);
        assertFalse(HealthNotes.healthy(probes));
        assertTrue(HealthNotes.healthy(List.of(probes.get(0), probes.get(2), probes.get(3))));
    }

    @Test
    void aRaisedSpaceAlarmIsNamedWithWhatStillWorksAndMakesTheClusterUnhealthy() {
        List<NodeProbe> probes = List.of(node("n1", Role.LEADER, CLUSTER, "", false,
                "120 MiB free on the data directory's file system, under space.min-free 256 MiB"),
                node("n2", Role.FOLLOWER, CLUSTER, "", false));
        assertEquals("n1: NO SPACE: 120 MiB free on the data directory's file system, under space.min-free 256 MiB "
                + "(writes that add data are refused; reads and deletes are served)\n", HealthNotes.notes(probes));
        assertFalse(HealthNotes.healthy(probes));
    }

    @Test
    void nodesThatNameDifferentClustersAreListedEach() {
        List<NodeProbe> probes = List.of(node("n1", Role.LEADER, CLUSTER, "", false),
                node("n2", Role.FOLLOWER, "00000000000000bb", "", false), node("n3", Role.FOLLOWER, "", "", false));
        assertEquals("clusters differ: n1 " + CLUSTER + ", n2 00000000000000bb\n", HealthNotes.clusterLine(probes));
        assertEquals("", HealthNotes.clusterLine(List.of(probes.get(2))), "servers that do not say: no line");
        assertEquals("", HealthNotes.notes(probes));
    }
}

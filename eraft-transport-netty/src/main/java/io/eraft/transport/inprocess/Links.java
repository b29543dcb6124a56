package io.eraft.transport.inprocess;

import io.eraft.api.transport.NodeId;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which nodes can talk: an immutable snapshot of the disconnected nodes and of the current partition. A node always
 * reaches itself. While a partition is in force, two nodes talk only if they are on the same side; the nodes named
 * on no side form one more side together.
 */
final class Links {
    static final Links ALL_CONNECTED = new Links(Set.of(), Map.of());

    /** Side number of the nodes that a partition does not name. */
    private static final int UNNAMED_SIDE = -1;

    private final Set<NodeId> disconnected;
    private final Map<NodeId, Integer> sideOf;

    private Links(Set<NodeId> disconnected, Map<NodeId, Integer> sideOf) {
        this.disconnected = disconnected;
        this.sideOf = sideOf;
    }

    boolean isConnected(NodeId a, NodeId b) {
        return whyCut(a, b) == null;
    }

    /** Why {@code a} cannot reach {@code b}, or null when it can. */
    String whyCut(NodeId a, NodeId b) {
        if (a.equals(b)) {
            return null;
        }
        if (disconnected.contains(a)) {
            return "node " + a + " is disconnected";
        }
        if (disconnected.contains(b)) {
            return "node " + b + " is disconnected";
        }
        if (!sideOf.isEmpty() && side(a) != side(b)) {
            return "nodes " + a + " and " + b + " are on different sides of a partition";
        }
        return null;
    }

    Links disconnect(NodeId node) {
        Set<NodeId> cut = new HashSet<>(disconnected);
        cut.add(Objects.requireNonNull(node, "node"));
        return new Links(Set.copyOf(cut), sideOf);
    }

    Links connect(NodeId node) {
        Objects.requireNonNull(node, "node");
        if (!disconnected.contains(node)) {
            return this;
        }
        Set<NodeId> cut = new HashSet<>(disconnected);
        cut.remove(node);
        return new Links(Set.copyOf(cut), sideOf);
    }

    /**
     * The same disconnected nodes with {@code sides} as the partition, replacing any earlier one.
     *
     * @throws IllegalArgumentException if a node is named on two sides
     */
    Links partition(Collection<? extends Collection<NodeId>> sides) {
        Objects.requireNonNull(sides, "sides");
        Map<NodeId, Integer> assigned = new HashMap<>();
        int side = 0;
        for (Collection<NodeId> nodes : sides) {
            for (NodeId node : Objects.requireNonNull(nodes, "a side of the partition")) {
                Integer earlier = assigned.put(Objects.requireNonNull(node, "a node of the partition"), side);
                if (earlier != null && earlier != side) {
                    throw new IllegalArgumentException("node " + node + " is on two sides of the partition ("
                            + earlier + " and " + side + ", counting from 0)");
                }
            }
            side++;
        }
        return new Links(disconnected, Map.copyOf(assigned));
    }

    private int side(NodeId node) {
        return sideOf.getOrDefault(node, UNNAMED_SIDE);
    }
}

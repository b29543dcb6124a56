package io.eraft.dist.console;

import io.eraft.dist.server.NodeStatus;
import io.eraft.shardkv.ctrler.ShardConfig;

import java.util.List;
import java.util.Objects;

/**
 * One round of asking every server a node knows for its status.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param nodes         every server, in display order (its group's first, then controllers and other groups)
 * @param config        the controller's latest configuration for a sharded cluster, or null (a plain KV group, or
 *                      the controller did not answer)
 * @param configProblem why a sharded cluster's configuration is unknown, or null
 */
public record ClusterPoll(List<Node> nodes, ShardConfig config, String configProblem) {
    public ClusterPoll {
        nodes = List.copyOf(nodes);
    }

    /** A plain KV group's poll. */
    public ClusterPoll(List<Node> nodes) {
        this(nodes, null, null);
    }

    /**
     * One server's answer.
     *
     * @param id      the node
     * @param group   the group it serves (the controller's name for a controller server)
     * @param address where it was asked
     * @param status  its status, or null when it did not answer
     * @param problem why it did not answer, or null when it did
     */
    public record Node(String id, String group, String address, NodeStatus status, String problem) {
        public Node {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(address, "address");
            if ((status == null) == (problem == null)) {
                throw new IllegalArgumentException("node " + id + " has either a status or a problem");
            }
        }

        /** A node that answered. */
        public static Node online(String group, NodeStatus status) {
            return new Node(status.id(), group, status.address(), status, null);
        }

        /** A node that did not answer, and why. */
        public static Node offline(String id, String group, String address, String problem) {
            return new Node(id, group, address, null, problem);
        }

        public boolean offline() {
            return status == null;
        }
    }
}

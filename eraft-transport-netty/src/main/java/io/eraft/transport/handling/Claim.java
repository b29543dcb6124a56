package io.eraft.transport.handling;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;

import java.util.Objects;

/**
 * Who the other side of a connection says it is, in its hello: a node, the cluster it belongs to, and the role it
 * connects in. A {@link Gate} decides whether to believe it.
 *
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 *
 * @param node    the node the hello names
 * @param cluster the cluster it names ({@link ClusterId#UNKNOWN} for a client that does not say)
 * @param role    the role it claims
 */
public record Claim(NodeId node, ClusterId cluster, Access role) {
    public Claim {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(role, "role");
    }

    /** "node n9 (cluster 0123456789abcdef, role PEER)", for log lines and refusals. */
    public String describe() {
        return "node " + node + " (cluster " + (cluster.isKnown() ? cluster : "not named") + ", role " + role + ")";
    }
}

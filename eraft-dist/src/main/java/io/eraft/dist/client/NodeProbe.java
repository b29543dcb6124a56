package io.eraft.dist.client;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.server.NodeStatus;

import java.util.Objects;

/**
 * The answer of one node to a status request.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param id      the node asked
 * @param address the address it was asked at
 * @param status  its status, or null when it did not answer
 * @param problem why it is offline (no reply, refused connection, ...), or null when it answered
 */
public record NodeProbe(NodeId id, String address, NodeStatus status, String problem) {
    public NodeProbe {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        if ((status == null) == (problem == null)) {
            throw new IllegalArgumentException("a probe of " + id + " has either a status or a problem");
        }
    }

    /** Whether the node answered. */
    public boolean online() {
        return status != null;
    }
}

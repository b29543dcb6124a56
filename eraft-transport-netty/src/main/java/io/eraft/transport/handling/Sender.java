package io.eraft.transport.handling;

import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;

import java.util.Objects;

/**
 * Who sent a request, as its transport has proven it: the handler sees {@code node} as {@code from}, and the
 * channel's access is checked against {@code role}.
 *
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 *
 * @param node   the sender's node id (for a peer, the authenticated member)
 * @param role   the role the sender's connection proved
 * @param origin where it came from, for log lines ("127.0.0.1:40112", "in-process network 'x'")
 */
public record Sender(NodeId node, Access role, String origin) {
    public Sender {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(origin, "origin");
    }
}

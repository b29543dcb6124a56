package io.eraft.api.transport;

import io.eraft.api.cluster.ClusterId;

import java.util.Map;
import java.util.Objects;

/**
 * What a transport needs to know: this node, the address of every node it may talk to (including itself, to
 * listen on), provider-specific options (TLS files, frame limits, ...), which cluster it belongs to and in what role
 * it connects to others.
 *
 * @param self      this node
 * @param addresses node to address, as {@code host:port} for network transports; ignored by in-process ones
 * @param options   provider-specific settings; a provider rejects names it does not know
 * @param clusterId the cluster this node belongs to; sent in every hello. A server refuses peer connections of
 *                  another cluster. {@link ClusterId#UNKNOWN} for a client that does not check it
 * @param role      what this node claims when it connects: {@link Access#PEER} for a server of the cluster,
 *                  {@link Access#CLIENT} or {@link Access#ADMIN} for tools. With TLS the certificate must back the claim
 */
public record TransportConfig(NodeId self, Map<NodeId, String> addresses, Map<String, String> options,
                              ClusterId clusterId, Access role) {
    public TransportConfig {
        Objects.requireNonNull(self, "self");
        addresses = Map.copyOf(addresses);
        options = Map.copyOf(options);
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(role, "role");
        if (role == Access.PEER && !clusterId.isKnown()) {
            throw new IllegalArgumentException("node " + self + " connects as a peer, so it needs its cluster id");
        }
    }

    /** A client's config: role {@link Access#CLIENT}, cluster not checked. */
    public TransportConfig(NodeId self, Map<NodeId, String> addresses, Map<String, String> options) {
        this(self, addresses, options, ClusterId.UNKNOWN, Access.CLIENT);
    }

    /** A client's config with no options. */
    public static TransportConfig of(NodeId self, Map<NodeId, String> addresses) {
        return new TransportConfig(self, addresses, Map.of());
    }

    /** A server of cluster {@code clusterId}: role {@link Access#PEER}. */
    public static TransportConfig peer(NodeId self, Map<NodeId, String> addresses, Map<String, String> options,
                                       ClusterId clusterId) {
        return new TransportConfig(self, addresses, options, clusterId, Access.PEER);
    }
}

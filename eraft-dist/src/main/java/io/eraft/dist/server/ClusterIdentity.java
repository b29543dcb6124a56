package io.eraft.dist.server;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.NodeId;

import java.util.Map;
import java.util.Objects;

/**
 * How a server names the cluster it belongs to: the deployment's cluster token ({@code cluster.token},
 * {@code --cluster-token}), from which the cluster id is derived together with the initial members (as etcd's
 * {@code --initial-cluster-token} does), or an id given outright ({@code cluster.id}, {@code --cluster-id}) for nodes
 * whose peer lists differ (peers reached through proxies or NAT) and for a cluster whose addresses changed since it
 * was created.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param token the cluster token; never blank
 * @param fixed the cluster id given outright, or null to derive it
 */
public record ClusterIdentity(String token, ClusterId fixed) {
    /** The default token, no fixed id. */
    public static final ClusterIdentity DEFAULT = new ClusterIdentity(ClusterId.DEFAULT_TOKEN, null);

    public ClusterIdentity {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new ConfigException("cluster.token (--cluster-token) is empty; give every cluster a token of its "
                    + "own, e.g. orders-prod, or leave it out for the default " + ClusterId.DEFAULT_TOKEN);
        }
        if (fixed != null && !fixed.isKnown()) {
            throw new ConfigException("cluster.id (--cluster-id) 0 is reserved for 'not known'; give the cluster's "
                    + "16-hex-digit id (eraft status shows it), or leave it out to derive it");
        }
    }

    /** The id of the cluster whose initial members are {@code initialMembers} (node to address). */
    public ClusterId idOf(Map<NodeId, String> initialMembers) {
        return fixed != null ? fixed : ClusterId.derive(token, initialMembers);
    }

    /** Where the id comes from, for messages: the setting, or the token and {@code members} (e.g. "peers (--peers)"). */
    public String origin(String members) {
        return fixed != null ? "given as cluster.id (--cluster-id)"
                : "derived from cluster.token (--cluster-token) and " + members;
    }
}

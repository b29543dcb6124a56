package io.eraft.transport.handling;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;

import java.util.Objects;
import java.util.Set;

/**
 * Decides who may speak to this node, and in what role, from what the other side's hello claims and what its
 * connection proves ({@link Evidence}). The rules, in order:
 * <ol>
 *   <li>a hello that claims {@link Access#PEER} is refused unless this node is a server ({@code PEER}) itself, the
 *   hello names this node's cluster, and the node it names may be a member ({@link Members});</li>
 *   <li>a hello in another role that names a cluster is refused if that is not this node's cluster;</li>
 *   <li>a hello that names a member (listed in the config, or claiming {@code PEER}) must prove it is that member:
 *   with TLS by its certificate, else by the address it connects from;</li>
 *   <li>a hello that claims {@link Access#ADMIN} must prove it (with TLS, an admin or peer certificate);</li>
 *   <li>anything else is admitted in the role it claims ({@link Access#CLIENT} needs no proof).</li>
 * </ol>
 * A node that is a {@code PEER} of no known cluster (an in-process node joined as a trusted test node) admits every
 * claim as it is.
 *
 * <p>The members change with the group's membership ({@link #updateMembers}): the gate holds an immutable
 * {@link Members} snapshot in a volatile field, which an update replaces whole, so checks (on event loops) never
 * lock and always see one consistent membership. Thread-safe.
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 */
public final class Gate {
    private final NodeId self;
    private final ClusterId cluster;
    private final Access role;
    private final Object updating = new Object();
    private volatile Members members;

    /**
     * @param self    this node
     * @param cluster this node's cluster ({@link ClusterId#UNKNOWN} for a client, or a trusted in-process node)
     * @param role    the role this node connects in
     * @param members the nodes this node accepts as members of its cluster
     */
    public Gate(NodeId self, ClusterId cluster, Access role, Members members) {
        this.self = Objects.requireNonNull(self, "self");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.role = Objects.requireNonNull(role, "role");
        this.members = Objects.requireNonNull(members, "members");
    }

    public NodeId self() {
        return self;
    }

    public ClusterId cluster() {
        return cluster;
    }

    public Access role() {
        return role;
    }

    /** The members this gate admits now. */
    public Members members() {
        return members;
    }

    /**
     * Replaces the members after a membership change ({@link Members#withMembers}); checks from now on use the new
     * snapshot. Concurrent updates apply one after the other, never on an event loop's behalf.
     *
     * @param now every member of the group now
     * @return the new snapshot
     */
    public Members updateMembers(Set<NodeId> now) {
        Objects.requireNonNull(now, "now");
        synchronized (updating) {
            Members updated = members.withMembers(now);
            members = updated;
            return updated;
        }
    }

    /** What this node's own hello says. */
    public Claim ownClaim() {
        return new Claim(self, cluster, role);
    }

    /** Whether this node checks nothing: a peer of no known cluster (a trusted in-process test node). */
    public boolean trustsEveryone() {
        return role == Access.PEER && !cluster.isKnown();
    }

    /** Admits {@code claim} in its role, or refuses it with a reason that names the rule. */
    public Verdict admit(Claim claim, Evidence evidence) {
        if (trustsEveryone()) {
            return Verdict.admitted(claim.role());
        }
        String refusal = refusal(claim, evidence);
        return refusal == null ? Verdict.admitted(claim.role()) : Verdict.refused(refusal);
    }

    /**
     * The member whose identity {@code claim} must prove before {@link #admit} can admit it, or null when it need
     * not (or when it is refused anyway): lets a transport gather evidence (look up the member's address) only when
     * it matters.
     */
    public NodeId memberToProve(Claim claim) {
        Members now = members;
        if (trustsEveryone() || clusterRefusal(claim, now) != null) {
            return null;
        }
        return namesMember(claim, now) ? claim.node() : null;
    }

    /**
     * Checks the hello of a node this node dialed: a node that knows its cluster talks only to nodes of that cluster.
     *
     * @return why this node must not use the connection, or null
     */
    public String refusalOfAcceptor(Claim acceptor) {
        if (cluster.isKnown() && !acceptor.cluster().equals(cluster)) {
            return "wrong cluster: this is cluster " + cluster + " (node " + self + "), node " + acceptor.node()
                    + " answered for " + clusterText(acceptor.cluster());
        }
        return null;
    }

    private String refusal(Claim claim, Evidence evidence) {
        Members now = members;
        String refusal = clusterRefusal(claim, now);
        if (refusal != null) {
            return refusal;
        }
        NodeId node = claim.node();
        if (namesMember(claim, now)) {
            String against = evidence.againstMember(node);
            if (against != null) {
                return "the hello names member " + node + " of cluster " + cluster + ", but " + against;
            }
        }
        if (claim.role() == Access.ADMIN) {
            String against = evidence.againstAdmin();
            if (against != null) {
                return "the hello claims the ADMIN role, but " + against;
            }
        }
        return null;
    }

    /** Rule 3's trigger: a hello that claims to be a peer, or names a node listed as a member (now or before). */
    private static boolean namesMember(Claim claim, Members now) {
        return claim.role() == Access.PEER || now.isListed(claim.node());
    }

    /** Rules 1 and 2: the claim's cluster and membership, before any evidence. */
    private String clusterRefusal(Claim claim, Members now) {
        if (claim.role() == Access.PEER) {
            if (role != Access.PEER) {
                return "node " + self + " is not a server of a cluster (it connects as " + role
                        + ") and takes no peer connections";
            }
            if (!claim.cluster().equals(cluster)) {
                return wrongCluster(claim);
            }
            if (!now.mayBePeer(claim.node())) {
                return now.wasRemoved(claim.node())
                        ? claim.node() + " is not a member of the group any more (a membership change removed it; "
                        + "cluster " + cluster + ")"
                        : claim.node() + " is not a member of cluster " + cluster;
            }
        } else if (claim.cluster().isKnown() && cluster.isKnown() && !claim.cluster().equals(cluster)) {
            return wrongCluster(claim);
        }
        return null;
    }

    private String wrongCluster(Claim claim) {
        return "wrong cluster: this is cluster " + cluster + ", the hello named "
                + (claim.cluster().isKnown() ? claim.cluster().toString() : "none");
    }

    private static String clusterText(ClusterId id) {
        return id.isKnown() ? "cluster " + id : "no cluster";
    }
}

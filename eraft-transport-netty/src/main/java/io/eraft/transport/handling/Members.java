package io.eraft.transport.handling;

import io.eraft.api.transport.NodeId;

import java.util.HashSet;
import java.util.Set;

/**
 * Which nodes a node accepts as members of its cluster, as an immutable snapshot: those its config lists (or, after
 * a membership change, those the change left: {@link #withMembers}), and (if allowed) nodes named by their own
 * {@code host:port} (shard group servers, which a node learns from configurations and not from its config). Nodes
 * that were members and are no more are remembered as former members: a hello that names one must still prove it,
 * and its refusal as a peer says why.
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 */
public final class Members {
    /** Any node may be a member: the members are not known (in-process nodes joined without a member list). */
    public static final Members ANY = new Members(Set.of(), Set.of(), true, true);

    private final Set<NodeId> listed;
    private final Set<NodeId> former;
    private final boolean addressNamed;
    private final boolean any;

    private Members(Set<NodeId> listed, Set<NodeId> former, boolean addressNamed, boolean any) {
        this.listed = Set.copyOf(listed);
        this.former = Set.copyOf(former);
        this.addressNamed = addressNamed;
        this.any = any;
    }

    /**
     * @param listed       the members the config names
     * @param addressNamed whether a node whose id is a {@code host:port} counts as a member too (it must still prove
     *                     it is that node, from that host or with its certificate)
     */
    public static Members of(Set<NodeId> listed, boolean addressNamed) {
        return new Members(listed, Set.of(), addressNamed, false);
    }

    /**
     * The members after a membership change: exactly {@code members} are listed now; every node listed before (or
     * earlier) that is not among them becomes a former member. Whether address-named nodes count stays as it was, so
     * a former member named by its {@code host:port} may still be a peer when they do. {@link #ANY} stays
     * {@link #ANY}: a node that checks no membership does not start checking it.
     *
     * @param members every member now
     */
    public Members withMembers(Set<NodeId> members) {
        if (any) {
            return this;
        }
        Set<NodeId> gone = new HashSet<>(former);
        gone.addAll(listed);
        gone.removeAll(members);
        return new Members(members, gone, addressNamed, false);
    }

    /**
     * Whether a hello that names {@code node} must prove it: {@code node} is named in the config or by a membership
     * change, now or before.
     */
    public boolean isListed(NodeId node) {
        return listed.contains(node) || former.contains(node);
    }

    /** Whether {@code node} may be a peer: listed now, or named by its address when that is allowed, or any. */
    public boolean mayBePeer(NodeId node) {
        return any || listed.contains(node) || addressNamed && isAddressName(node);
    }

    /** Whether {@code node} was listed and a membership change removed it (and it was not added back). */
    public boolean wasRemoved(NodeId node) {
        return former.contains(node);
    }

    /** Whether the member list is known (false for {@link #ANY}). */
    public boolean isKnown() {
        return !any;
    }

    /** Whether {@code node}'s id has the form {@code host:port}. */
    public static boolean isAddressName(NodeId node) {
        String v = node.value();
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            return false;
        }
        for (int i = colon + 1; i < v.length(); i++) {
            if (!Character.isDigit(v.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return any ? "any node" : "members " + listed + (former.isEmpty() ? "" : ", former members " + former)
                + (addressNamed ? ", and nodes named by host:port" : "");
    }
}

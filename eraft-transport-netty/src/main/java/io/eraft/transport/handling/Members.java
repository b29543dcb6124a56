package io.eraft.transport.handling;

import io.eraft.api.transport.NodeId;

import java.util.Set;

/**
 * Which nodes a node accepts as members of its cluster: those its config lists, and (if allowed) nodes named by their
 * own {@code host:port} (shard group servers, which a node learns from configurations and not from its config).
 */
public final class Members {
    /** Any node may be a member: the members are not known (in-process nodes joined without a member list). */
    public static final Members ANY = new Members(Set.of(), true, true);

    private final Set<NodeId> listed;
    private final boolean addressNamed;
    private final boolean any;

    private Members(Set<NodeId> listed, boolean addressNamed, boolean any) {
        this.listed = Set.copyOf(listed);
        this.addressNamed = addressNamed;
        this.any = any;
    }

    /**
     * @param listed       the members the config names
     * @param addressNamed whether a node whose id is a {@code host:port} counts as a member too (it must still prove
     *                     it is that node, from that host or with its certificate)
     */
    public static Members of(Set<NodeId> listed, boolean addressNamed) {
        return new Members(listed, addressNamed, false);
    }

    /** Whether {@code node} is named in the config (a hello that names it must prove it). */
    public boolean isListed(NodeId node) {
        return listed.contains(node);
    }

    /** Whether {@code node} may be a peer: listed, or named by its address when that is allowed, or any. */
    public boolean mayBePeer(NodeId node) {
        return any || listed.contains(node) || addressNamed && isAddressName(node);
    }

    /** The members the config (or the latest membership change) names. */
    public Set<NodeId> listed() {
        return listed;
    }

    /** Whether a node named by its own {@code host:port} counts as a member too. */
    public boolean addressNamed() {
        return addressNamed;
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
}

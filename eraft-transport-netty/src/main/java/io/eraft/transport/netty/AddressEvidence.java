package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.transport.handling.Evidence;

import java.net.InetAddress;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Without TLS, what proves that a hello naming a member comes from that member: the connection's remote IP is one of
 * the IPs of the member's host (as its configured address, or its {@code host:port} id, names it). Nothing proves an
 * admin without TLS: that claim is taken as it is.
 *
 * @param remote        the IP the connection comes from, or null if not known
 * @param memberAddress where the member the hello names is, or null if it has no address
 * @param memberIps     the IPs of the member's host, or null if they could not be looked up
 * @param lookupFailure why they could not, or null
 */
record AddressEvidence(InetAddress remote, Address memberAddress, Set<InetAddress> memberIps,
                       String lookupFailure) implements Evidence {
    /** When the check is off ({@code peer-address-check=false}): every member claim is taken as it is. */
    static final Evidence UNCHECKED = Evidence.TRUSTED;

    @Override
    public String againstMember(NodeId node) {
        if (remote != null && memberIps != null && memberIps.contains(remote)) {
            return null;
        }
        String from = remote == null ? "an unknown address" : remote.getHostAddress();
        String where;
        if (memberAddress == null) {
            where = "node " + node + " has no address in this node's config";
        } else if (memberIps == null) {
            where = "the host of " + node + " (" + memberAddress.host() + ") cannot be looked up: " + lookupFailure;
        } else {
            where = node + " is at " + memberAddress.host() + " " + memberIps.stream().map(InetAddress::getHostAddress)
                    .sorted().collect(Collectors.joining(", ", "[", "]"));
        }
        return "the connection comes from " + from + " and " + where
                + " (with NAT between members, use TLS or set peer-address-check=false)";
    }

    @Override
    public String againstAdmin() {
        return null;
    }
}

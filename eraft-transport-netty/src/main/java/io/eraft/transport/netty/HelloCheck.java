package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.transport.handling.Claim;
import io.eraft.transport.handling.Gate;
import io.eraft.transport.handling.Verdict;
import io.netty.channel.Channel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Checks the hellos of one node's connections with its {@link Gate}, gathering the evidence each connection offers:
 * with TLS the other side's certificate; without it, for a hello that names a member, the connection's remote IP
 * against that member's host ({@code peer-address-check}, on by default).
 */
final class HelloCheck {
    private final Gate gate;
    private final boolean tls;
    private final boolean addressCheck;
    private final MemberAddresses addresses;

    HelloCheck(Gate gate, boolean tls, boolean addressCheck, MemberAddresses addresses) {
        this.gate = gate;
        this.tls = tls;
        this.addressCheck = addressCheck;
        this.addresses = addresses;
    }

    /** What this node's own hello says. */
    Claim ownClaim() {
        return gate.ownClaim();
    }

    /**
     * The verdict on the hello of a connection this node accepted: completed at once unless the address of the
     * member it names must be looked up first.
     */
    CompletableFuture<Verdict> check(Claim claim, Channel channel) {
        if (tls) {
            return CompletableFuture.completedFuture(gate.admit(claim, new CertificateEvidence(Tls.peerNames(channel))));
        }
        NodeId member = gate.memberToProve(claim);
        if (member == null || !addressCheck) {
            return CompletableFuture.completedFuture(gate.admit(claim, AddressEvidence.UNCHECKED));
        }
        InetAddress remote = channel.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        Address address = addresses.addressOf(member);
        if (address == null) {
            return CompletableFuture.completedFuture(gate.admit(claim, new AddressEvidence(remote, null, null, null)));
        }
        return addresses.ipsOf(address.host()).handle((ips, error) -> gate.admit(claim,
                new AddressEvidence(remote, address, ips, error == null ? null : messageOf(error))));
    }

    /**
     * Checks the hello that answers a connection this node dialed to {@code target}: the cluster (when this node
     * knows its own) and, with TLS, that the certificate names {@code target}.
     *
     * @return why this node must not use the connection, or null
     */
    String refusalOfAcceptor(Claim acceptor, NodeId target, Channel channel) {
        String refusal = gate.refusalOfAcceptor(acceptor);
        if (refusal == null && tls) {
            CertificateNames names = Tls.peerNames(channel);
            if (!names.peers().contains(target)) {
                refusal = "the certificate of the node answering for " + target + " does not name it ("
                        + names.describe() + ")";
            }
        }
        return refusal;
    }

    private static String messageOf(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getMessage() != null ? cause.toString() : cause.getClass().getSimpleName();
    }
}

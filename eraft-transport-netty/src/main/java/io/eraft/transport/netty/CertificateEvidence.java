package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.transport.handling.Evidence;

/** With TLS, what proves a hello's claims: the eraft names in the other side's certificate. */
record CertificateEvidence(CertificateNames names) implements Evidence {

    @Override
    public String againstMember(NodeId member) {
        if (names.peers().contains(member)) {
            return null;
        }
        return names.peers().isEmpty()
                ? names.describe() + ", and only a certificate naming " + CertificateNames.PEER + member
                + " may speak for that node"
                : names.describe() + ", not " + member;
    }

    @Override
    public String againstAdmin() {
        if (!names.admins().isEmpty() || !names.peers().isEmpty()) {
            return null;
        }
        return names.describe() + "; an admin needs a certificate naming " + CertificateNames.ADMIN
                + "<name> (or a peer certificate)";
    }
}

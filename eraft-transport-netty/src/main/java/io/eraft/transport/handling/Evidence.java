package io.eraft.transport.handling;

import io.eraft.api.transport.NodeId;

/**
 * What a transport can prove about the other side of a connection beyond what its hello claims: with TLS its
 * certificate, without it the address it connects from. A {@link Gate} asks it when a hello names a member or claims
 * a role that must be proven. Each method returns null when the connection proves the claim, else why it does not.
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 */
public interface Evidence {

    /** For transports whose identities cannot be forged (the in-process network): every claim is proven. */
    Evidence TRUSTED = new Evidence() {
        @Override
        public String againstMember(NodeId member) {
            return null;
        }

        @Override
        public String againstAdmin() {
            return null;
        }
    };

    /** Null if the connection comes from {@code member}; else why it cannot be that member. */
    String againstMember(NodeId member);

    /** Null if the connection may act as an administrator; else why not. */
    String againstAdmin();
}

package io.eraft.shardkv.replica;

import io.eraft.api.raft.Membership;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.transport.Transport;

/**
 * Keeps a server's transport admitting the members of its group's configuration: at start (the configuration
 * recovered from the log and snapshot) and after every change Raft reports (appended, undone, or brought by a
 * snapshot), it tells the transport the members and the addresses their changes named
 * ({@link Transport#updateMembers}).
 */
final class TransportMembership {
    private final Transport transport;
    private boolean changed;

    private TransportMembership(Transport transport) {
        this.transport = transport;
    }

    /** Registers on {@code raft} (before it starts); call {@link #started} once it has. */
    public static TransportMembership follow(RaftNode raft, Transport transport) {
        TransportMembership t = new TransportMembership(transport);
        try {
            raft.addMembershipListener(t::apply);
        } catch (UnsupportedOperationException fixed) {
            // a Raft implementation with a fixed voter set: the transport's config stays right
        }
        return t;
    }

    /** Applies the configuration {@code raft} recovered, unless a change was reported already (it is newer). */
    public void started(RaftNode raft) {
        Membership m = raft.status().membership();
        synchronized (this) {
            if (changed || m == null) {
                return;
            }
            transport.updateMembers(m.members(), m.addresses());
        }
    }

    private synchronized void apply(Membership m) {
        changed = true;
        transport.updateMembers(m.members(), m.addresses());
    }
}

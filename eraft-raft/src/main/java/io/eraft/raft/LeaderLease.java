package io.eraft.raft;

import io.eraft.api.raft.Membership;
import io.eraft.api.transport.NodeId;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A leader's read lease (Raft thesis §6.4.1, etcd's lease-based read): with check-quorum, a follower that heard from
 * the leader refuses to vote for anyone else until its election timeout has passed, so once a majority acknowledged
 * messages the leader sent at time {@code t} (its own clock), no other leader can be elected before
 * {@code t + leaseNanos}, and until then the leader's commit index is the group's. The lease counts only messages of
 * this leader's term that a follower took as coming from its leader (heartbeats it accepted, appends of this term).
 * <p>
 * A leadership transfer forfeits the lease for the rest of the term: the target is allowed to campaign at once and
 * its vote requests are honoured inside the followers' lease. Event-loop confined.
 */
final class LeaderLease {
    private final boolean enabled;
    private final long leaseNanos;
    private final LongSupplier clock;
    private final Map<NodeId, Long> acknowledgedSend = new HashMap<>();
    private boolean forfeited;

    LeaderLease(boolean enabled, long leaseNanos, LongSupplier clock) {
        this.enabled = enabled;
        this.leaseNanos = leaseNanos;
        this.clock = clock;
    }

    /** The member's clock, read when a message the lease may count is sent (not read when leases are off). */
    long now() {
        return enabled ? clock.getAsLong() : 0;
    }

    /** {@code peer} acknowledged, as from its leader, a message sent at {@code sentNanos}. */
    void acknowledged(NodeId peer, long sentNanos) {
        if (!enabled) {
            return; // nothing to keep on the replication path when reads take a round each
        }
        acknowledgedSend.merge(peer, sentNanos, (a, b) -> a - b >= 0 ? a : b);
    }

    /** A transfer began: followers may now vote for its target before their timeout, so no lease holds this term. */
    void forfeit() {
        forfeited = true;
    }

    /** Whether reads may be served from the lease now, for the voters of {@code membership} ({@code self} leads). */
    boolean holds(Membership membership, NodeId self) {
        if (!enabled || forfeited) {
            return false;
        }
        long now = clock.getAsLong();
        int needed = Quorum.majority(membership.voters().size());
        int fresh = 0;
        for (NodeId voter : membership.voters()) {
            if (voter.equals(self)) {
                fresh++;
                continue;
            }
            Long sent = acknowledgedSend.get(voter);
            if (sent != null && now - sent < leaseNanos) {
                fresh++;
            }
        }
        return fresh >= needed;
    }
}

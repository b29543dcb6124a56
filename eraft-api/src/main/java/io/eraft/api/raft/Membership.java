package io.eraft.api.raft;

import io.eraft.api.transport.NodeId;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A configuration of a Raft group: who votes and who only follows the log.
 *
 * @param index    the log index of the entry that holds this configuration; 0 for the group's initial members (as
 *                 {@link RaftNodeSpec#members()} named them). A change names the index it expects
 *                 ({@link RaftNode#changeMembership}), so two concurrent changes cannot both apply.
 * @param voters   members that vote and whose logs count for commit, check-quorum and ReadIndex (sorted)
 * @param learners members that receive the log and snapshots but never vote, never count and never campaign (sorted)
 * @param addresses where members added by a change are reached ({@code host:port}), as their change named them
 *                 ({@link MembershipChange#address()}); members absent here are reached as the transport's own config
 *                 says (the initial members). Raft only carries them, so that every member, and a member restored from
 *                 a snapshot, learns how to reach a new member (as Apache Ratis keeps a peer's address in its
 *                 configuration). Only members may have one.
 */
public record Membership(long index, Set<NodeId> voters, Set<NodeId> learners, Map<NodeId, String> addresses) {

    /** A configuration whose members are all reached as the transport's config says. */
    public Membership(long index, Set<NodeId> voters, Set<NodeId> learners) {
        this(index, voters, learners, Map.of());
    }

    public Membership {
        if (index < 0) {
            throw new IllegalArgumentException("configuration index must be >= 0: " + index);
        }
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(voters, "voters")));
        learners = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(learners, "learners")));
        for (NodeId l : learners) {
            if (voters.contains(l)) {
                throw new IllegalArgumentException(l + " is both a voter and a learner");
            }
        }
        addresses = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(addresses, "addresses")));
        for (Map.Entry<NodeId, String> a : addresses.entrySet()) {
            if (!voters.contains(a.getKey()) && !learners.contains(a.getKey())) {
                throw new IllegalArgumentException(a.getKey() + " has an address but is not a member");
            }
            if (a.getValue().isBlank()) {
                throw new IllegalArgumentException("the address of " + a.getKey() + " is blank");
            }
        }
    }

    /** Where {@code id} is reached as its change named it, or null when the transport's config says. */
    public String addressOf(NodeId id) {
        return addresses.get(id);
    }

    public boolean isVoter(NodeId id) {
        return voters.contains(id);
    }

    public boolean isLearner(NodeId id) {
        return learners.contains(id);
    }

    /** A voter or a learner. */
    public boolean contains(NodeId id) {
        return voters.contains(id) || learners.contains(id);
    }

    /** Voters and learners, sorted. */
    public Set<NodeId> members() {
        TreeSet<NodeId> all = new TreeSet<>(voters);
        all.addAll(learners);
        return Collections.unmodifiableSortedSet(all);
    }

    @Override
    public String toString() {
        return "Membership[" + index + " voters=" + voters + " learners=" + learners
                + (addresses.isEmpty() ? "" : " addresses=" + addresses) + "]";
    }
}

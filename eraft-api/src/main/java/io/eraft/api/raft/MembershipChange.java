package io.eraft.api.raft;

import io.eraft.api.transport.NodeId;

import java.util.Objects;

/**
 * One single-server change of a group's configuration, for {@link RaftNode#changeMembership}. A new server joins as
 * a learner ({@link #addLearner}), catches up from the leader (a snapshot, then the log) and is then promoted to
 * voter ({@link #promote}); any member, the leader included, can be removed ({@link #remove}).
 *
 * <p>A member is named by its node id. A new member may come with the address it is reached at
 * ({@link #addLearner(NodeId, String)}): Raft keeps it in the configuration ({@link Membership#addresses()}) so that
 * every member learns it; without one, the transport's own config must know the node (a node id of the form
 * {@code host:port} doubles as its address).
 *
 * @param type              what to do
 * @param member            whom to do it to
 * @param requireLiveQuorum refuse the change ({@link MembershipChangeException.Reason#NO_LIVE_QUORUM}) if the voters
 *                          of the resulting configuration that the leader heard from within the last election
 *                          timeout are no majority of them: the change would stall the group
 * @param address           for {@link Type#ADD_LEARNER}: where the new member is reached ({@code host:port}), or
 *                          null; must be null for the other types
 */
public record MembershipChange(Type type, NodeId member, boolean requireLiveQuorum, String address) {

    /** The kinds of change. */
    public enum Type {
        /** Adds a new member as a learner: it receives the log but does not vote. */
        ADD_LEARNER,
        /** Makes a learner a voter; refused while it lags behind the leader's log (see RaftConfig). */
        PROMOTE,
        /** Removes a voter or a learner. */
        REMOVE
    }

    public MembershipChange {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(member, "member");
        if (address != null && (type != Type.ADD_LEARNER || address.isBlank())) {
            throw new IllegalArgumentException(type == Type.ADD_LEARNER ? "the address of " + member + " is blank"
                    : "only a new member (ADD_LEARNER) comes with an address, not " + type);
        }
    }

    /** A change with no address. */
    public MembershipChange(Type type, NodeId member, boolean requireLiveQuorum) {
        this(type, member, requireLiveQuorum, null);
    }

    public static MembershipChange addLearner(NodeId member) {
        return new MembershipChange(Type.ADD_LEARNER, member, false);
    }

    /** Adds {@code member} as a learner reached at {@code address} ({@code host:port}), kept in the configuration. */
    public static MembershipChange addLearner(NodeId member, String address) {
        return new MembershipChange(Type.ADD_LEARNER, member, false, Objects.requireNonNull(address, "address"));
    }

    public static MembershipChange promote(NodeId member) {
        return new MembershipChange(Type.PROMOTE, member, false);
    }

    public static MembershipChange remove(NodeId member) {
        return new MembershipChange(Type.REMOVE, member, false);
    }

    /** This change, refused if it leaves no majority of live voters. */
    public MembershipChange checkingLiveQuorum() {
        return new MembershipChange(type, member, true, address);
    }

    @Override
    public String toString() {
        return type + " " + member + (address == null ? "" : " at " + address)
                + (requireLiveQuorum ? " (checking live quorum)" : "");
    }
}

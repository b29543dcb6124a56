package io.eraft.api.raft;

/**
 * A membership change was refused before anything was appended: the configuration is unchanged.
 * {@link #reason()} says why, {@link #current()} is the configuration the leader had when it refused (what a retry
 * names as its expected configuration index).
 */
public class MembershipChangeException extends RaftException {
    private static final long serialVersionUID = 1L;

    /** Why a change was refused. */
    public enum Reason {
        /** The change would remove the group's last voter. */
        LAST_VOTER,
        /** The member to add is already a voter or a learner (or the learner to promote already votes). */
        MEMBER_EXISTS,
        /** The member to promote or remove is not in the configuration. */
        UNKNOWN_MEMBER,
        /** An earlier change's entry is not committed yet: at most one change is in flight. */
        CHANGE_IN_PROGRESS,
        /** The configuration's index is not the one the caller expected: someone else changed it first. */
        STALE_CONFIGURATION,
        /** The learner to promote is too far behind the leader's log (RaftConfig#maxPromotionLag). */
        LEARNER_LAGGING,
        /**
         * A voter does not hold the configuration that made the learner to promote a member yet: it would refuse the
         * learner's messages (as a non-member's) were the learner to lead. Wait for the voter to catch up, or remove
         * it first (a voter that is down).
         */
        VOTER_LAGGING,
        /** The caller asked for a live-quorum check, and the new configuration would have no majority of live voters. */
        NO_LIVE_QUORUM
    }

    private final Reason reason;
    private final transient Membership current;

    public MembershipChangeException(Reason reason, Membership current, String message) {
        super(message);
        this.reason = reason;
        this.current = current;
    }

    public Reason reason() {
        return reason;
    }

    /** The configuration when the change was refused (null if not known). */
    public Membership current() {
        return current;
    }
}

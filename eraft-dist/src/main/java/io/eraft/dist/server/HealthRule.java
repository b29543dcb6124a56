package io.eraft.dist.server;

import io.eraft.api.raft.Role;

/**
 * When a node is healthy ({@code /health}): its Raft member has not stopped, it knows a leader, and it has applied
 * its log to within {@link #MAX_APPLY_LAG} entries of what it knows committed. A pure rule over a {@link NodeStatus}.
 */
final class HealthRule {
    /** The most entries a healthy node's applied index may trail its commit index by. */
    public static final long MAX_APPLY_LAG = 1000;

    /**
     * The outcome of the rule.
     *
     * @param healthy whether the node is healthy
     * @param reason  why it is not, in one line; empty when healthy
     */
    public record Verdict(boolean healthy, String reason) {
        static final Verdict OK = new Verdict(true, "");

        static Verdict unhealthy(String reason) {
            return new Verdict(false, reason);
        }
    }

    private HealthRule() {
    }

    /** The rule with the default bound, {@link #MAX_APPLY_LAG}. */
    public static Verdict check(NodeStatus status) {
        return check(status, MAX_APPLY_LAG);
    }

    /** The rule with {@code maxApplyLag} as the bound on commit index minus applied index. */
    public static Verdict check(NodeStatus status, long maxApplyLag) {
        if (status.failed()) {
            return Verdict.unhealthy("the Raft member stopped itself: "
                    + (status.failure().isEmpty() ? "failed" : status.failure()));
        }
        if (status.role() == Role.STOPPED) {
            return Verdict.unhealthy("the Raft member is stopped");
        }
        if (status.leader().isEmpty()) {
            return Verdict.unhealthy("no known leader in term " + status.term() + " (role "
                    + status.role().name().toLowerCase() + ")");
        }
        long lag = status.commitIndex() - status.appliedIndex();
        if (lag > maxApplyLag) {
            return Verdict.unhealthy("applied index " + status.appliedIndex() + " trails commit index "
                    + status.commitIndex() + " by " + lag + " entries (more than " + maxApplyLag + ")");
        }
        return Verdict.OK;
    }
}

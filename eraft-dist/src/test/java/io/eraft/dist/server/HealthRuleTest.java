package io.eraft.dist.server;

import io.eraft.api.raft.Role;
import org.junit.jupiter.api.Test;

import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When {@code /health} says a node is healthy: a leader known, applied within the bound, member not failed. */
class HealthRuleTest {
    @Test
    void aFollowerThatKnowsTheLeaderAndHasAppliedWhatIsCommittedIsHealthy() {
        HealthRule.Verdict v = HealthRule.check(status(Role.FOLLOWER, "n1", 120, 120, ""));
        assertTrue(v.healthy());
        assertEquals("", v.reason());
    }

    @Test
    void aNodeThatKnowsNoLeaderIsUnhealthyAndSaysSo() {
        HealthRule.Verdict v = HealthRule.check(status(Role.CANDIDATE, "", 120, 120, ""));
        assertFalse(v.healthy());
        assertEquals("no known leader in term 7 (role candidate)", v.reason());
    }

    @Test
    void applyingMoreThanTheBoundBehindTheCommitIndexIsUnhealthyAndAtTheBoundIsNot() {
        long bound = HealthRule.MAX_APPLY_LAG;
        assertTrue(HealthRule.check(status(Role.FOLLOWER, "n1", 5000 + bound, 5000, "")).healthy());

        HealthRule.Verdict v = HealthRule.check(status(Role.FOLLOWER, "n1", 5001 + bound, 5000, ""));
        assertFalse(v.healthy());
        assertEquals("applied index 5000 trails commit index " + (5001 + bound) + " by " + (bound + 1)
                + " entries (more than " + bound + ")", v.reason());
        assertFalse(HealthRule.check(status(Role.FOLLOWER, "n1", 50, 40, ""), 5).healthy(), "a tighter bound");
    }

    @Test
    void aFailedMemberIsUnhealthyEvenWithALeaderKnown() {
        HealthRule.Verdict v = HealthRule.check(status(Role.FAILED, "n1", 10, 10, "fsync failed: EIO"));
        assertFalse(v.healthy());
        assertEquals("the Raft member stopped itself: fsync failed: EIO", v.reason());
    }

    @Test
    void aStoppedMemberIsUnhealthy() {
        HealthRule.Verdict v = HealthRule.check(status(Role.STOPPED, "n1", 10, 10, ""));
        assertFalse(v.healthy());
        assertEquals("the Raft member is stopped", v.reason());
    }

    private static NodeStatus status(Role role, String leader, long commit, long applied, String failure) {
        return new NodeStatus("n2", "kv", "127.0.0.1:7102", role, 7, leader, commit, applied, commit, 0, 100,
                "leveldb", 1000, ServerRole.KV, 0, new TreeMap<>(), "c", failure, false, "");
    }
}

package io.eraft.raft;

import io.eraft.api.transport.NodeId;

/**
 * A leadership transfer this follower's leader announced in {@code term} (its appends and heartbeats name the
 * target while the transfer runs). Only then may the target's vote request with the transfer flag pass the
 * check-quorum lease: a flag nobody announced is ignored, so a member cannot depose a healthy leader by claiming it.
 *
 * @param target the member leadership goes to
 * @param term   the term of the leader that announced it
 */
record TransferAnnouncement(NodeId target, long term) {

    /** Whether a transfer vote of {@code candidate} in {@code voteTerm} is the one announced. */
    boolean covers(NodeId candidate, long voteTerm) {
        return target.equals(candidate) && voteTerm == term + 1;
    }
}

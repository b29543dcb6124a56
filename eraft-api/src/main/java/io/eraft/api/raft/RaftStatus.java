package io.eraft.api.raft;

import io.eraft.api.transport.NodeId;

/**
 * What one member knows about itself.
 *
 * @param self           this member
 * @param role           leader, follower, candidate, pre-candidate, or stopped
 * @param term           current term
 * @param leader         the leader this member follows, or null
 * @param commitIndex    highest index known committed
 * @param appliedIndex   highest index applied to the state machine
 * @param firstLogIndex  first index in the log
 * @param lastLogIndex   last index in the log
 * @param snapshotIndex  index covered by the last snapshot
 * @param logBytes       bytes the log occupies
 * @param failure        why the member stopped itself (role {@link Role#FAILED}), or null while it is healthy
 * @param recovering     the member lost log entries to damage and does not vote until a leader has given them back
 *                       (protocol-aware recovery)
 */
public record RaftStatus(NodeId self, Role role, long term, NodeId leader, long commitIndex, long appliedIndex,
                         long firstLogIndex, long lastLogIndex, long snapshotIndex, long logBytes, String failure,
                         boolean recovering) {

    /** A healthy member's status. */
    public RaftStatus(NodeId self, Role role, long term, NodeId leader, long commitIndex, long appliedIndex,
                      long firstLogIndex, long lastLogIndex, long snapshotIndex, long logBytes) {
        this(self, role, term, leader, commitIndex, appliedIndex, firstLogIndex, lastLogIndex, snapshotIndex, logBytes,
                null, false);
    }
}

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
 */
public record RaftStatus(NodeId self, Role role, long term, NodeId leader, long commitIndex, long appliedIndex,
                         long firstLogIndex, long lastLogIndex, long snapshotIndex, long logBytes) {
}

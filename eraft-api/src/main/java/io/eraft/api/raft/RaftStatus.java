package io.eraft.api.raft;

import io.eraft.api.transport.NodeId;

import java.util.Map;
import java.util.Set;

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
 * @param membership     the configuration in effect here (the latest appended to this member's log), or null from an
 *                       implementation that does not report it
 * @param matchIndexes   on the leader: the index each other member's log is known to match (learners included; how
 *                       far a learner lags is {@code lastLogIndex - matchIndexes.get(learner)}); empty elsewhere
 */
public record RaftStatus(NodeId self, Role role, long term, NodeId leader, long commitIndex, long appliedIndex,
                         long firstLogIndex, long lastLogIndex, long snapshotIndex, long logBytes, String failure,
                         boolean recovering, Membership membership, Map<NodeId, Long> matchIndexes) {

    public RaftStatus {
        matchIndexes = matchIndexes == null ? Map.of() : Map.copyOf(matchIndexes);
    }

    /** A member's status without its configuration. */
    public RaftStatus(NodeId self, Role role, long term, NodeId leader, long commitIndex, long appliedIndex,
                      long firstLogIndex, long lastLogIndex, long snapshotIndex, long logBytes, String failure,
                      boolean recovering) {
        this(self, role, term, leader, commitIndex, appliedIndex, firstLogIndex, lastLogIndex, snapshotIndex, logBytes,
                failure, recovering, null, Map.of());
    }

    /** A healthy member's status. */
    public RaftStatus(NodeId self, Role role, long term, NodeId leader, long commitIndex, long appliedIndex,
                      long firstLogIndex, long lastLogIndex, long snapshotIndex, long logBytes) {
        this(self, role, term, leader, commitIndex, appliedIndex, firstLogIndex, lastLogIndex, snapshotIndex, logBytes,
                null, false);
    }

    /** The voters of {@link #membership()}; empty when it is not reported. */
    public Set<NodeId> voters() {
        return membership == null ? Set.of() : membership.voters();
    }

    /** The learners of {@link #membership()}; empty when it is not reported. */
    public Set<NodeId> learners() {
        return membership == null ? Set.of() : membership.learners();
    }

    /** The log index of {@link #membership()} (0: the initial members); -1 when it is not reported. */
    public long configurationIndex() {
        return membership == null ? -1 : membership.index();
    }
}

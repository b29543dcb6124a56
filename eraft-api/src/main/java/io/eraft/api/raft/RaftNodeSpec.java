package io.eraft.api.raft;

import io.eraft.api.metrics.Metrics;
import io.eraft.api.cluster.ClusterId;
import io.eraft.api.log.LogStore;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Everything needed to build one member of a Raft group.
 *
 * @param groupId      the group's name; its Raft messages use transport channel {@code "raft/" + groupId}
 * @param self         this member
 * @param members      the group's initial voters, {@code self} included: the configuration until the log or a
 *                     snapshot holds another (a configuration in the log or snapshot always wins, so after a
 *                     membership change a restarted member may keep passing its original list). When
 *                     {@code joining}: the members of the group it joins, whose messages it accepts until the
 *                     group's log tells it the real configuration ({@code self} may be among them or not)
 * @param config       timing and limits
 * @param transport    this node's transport (shared by every group on the node)
 * @param log          this member's log store, already open
 * @param stateMachine what committed entries are applied to
 * @param workDir      a directory of this member's own, kept with its log: received snapshot chunks, and the
 *                     configuration that the log's snapshot covers (the log alone no longer holds it after
 *                     compaction)
 * @param nanoClock    the monotonic clock (System::nanoTime in production; a fake in tests)
 * @param randomSeed   seeds every random choice (election timeouts), so a run can be replayed
 * @param clusterId    the cluster this group belongs to: carried by every Raft message this member sends; a message
 *                     of another cluster is refused (logged, the term never moves because of it)
 * @param joining      a new, empty member of an existing group: it starts outside the configuration (no vote, no
 *                     campaign) and waits for the leader to send it the log (see
 *                     {@link MembershipChange#addLearner}); ignored once its log or snapshot holds a configuration
 * @param metrics      where the member records what it does (leader changes, proposals, ReadIndex rounds,
 *                     snapshots); {@link Metrics#NOOP} by default. The caller labels it (group, node)
 */
public record RaftNodeSpec(String groupId, NodeId self, List<NodeId> members, RaftConfig config, Transport transport,
                           LogStore log, StateMachine stateMachine, Path workDir, LongSupplier nanoClock,
                           long randomSeed, ClusterId clusterId, boolean joining, Metrics metrics) {

    /** A member that records no metrics. */
    public RaftNodeSpec(String groupId, NodeId self, List<NodeId> members, RaftConfig config, Transport transport,
                        LogStore log, StateMachine stateMachine, Path workDir, LongSupplier nanoClock,
                        long randomSeed, ClusterId clusterId, boolean joining) {
        this(groupId, self, members, config, transport, log, stateMachine, workDir, nanoClock, randomSeed, clusterId,
                joining, Metrics.NOOP);
    }

    /** A member of the group's initial configuration (not {@code joining}). */
    public RaftNodeSpec(String groupId, NodeId self, List<NodeId> members, RaftConfig config, Transport transport,
                        LogStore log, StateMachine stateMachine, Path workDir, LongSupplier nanoClock,
                        long randomSeed, ClusterId clusterId) {
        this(groupId, self, members, config, transport, log, stateMachine, workDir, nanoClock, randomSeed, clusterId,
                false);
    }

    /** A member of a group whose cluster is not named ({@link ClusterId#UNKNOWN}: tests and benchmarks in one JVM). */
    public RaftNodeSpec(String groupId, NodeId self, List<NodeId> members, RaftConfig config, Transport transport,
                        LogStore log, StateMachine stateMachine, Path workDir, LongSupplier nanoClock,
                        long randomSeed) {
        this(groupId, self, members, config, transport, log, stateMachine, workDir, nanoClock, randomSeed,
                ClusterId.UNKNOWN);
    }

    public RaftNodeSpec {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(self, "self");
        members = List.copyOf(members);
        if (!joining && !members.contains(self)) {
            throw new IllegalArgumentException("members " + members + " must include self " + self);
        }
        if (members.stream().distinct().count() != members.size()) {
            throw new IllegalArgumentException("members has duplicates: " + members);
        }
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(stateMachine, "stateMachine");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** This spec, recording to {@code metrics}. */
    public RaftNodeSpec withMetrics(Metrics metrics) {
        return new RaftNodeSpec(groupId, self, members, config, transport, log, stateMachine, workDir, nanoClock,
                randomSeed, clusterId, joining, metrics);
    }

    /** This spec for a new member that joins an existing group whose members are {@code members}. */
    public RaftNodeSpec asJoining() {
        return new RaftNodeSpec(groupId, self, members, config, transport, log, stateMachine, workDir, nanoClock,
                randomSeed, clusterId, true, metrics);
    }
}

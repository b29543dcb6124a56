/**
 * Raft consensus as a service: {@link io.eraft.api.raft.RaftNode} is one member of a replicated log that applies
 * committed entries to a {@link io.eraft.api.raft.StateMachine}; {@link io.eraft.api.raft.RaftProvider} builds members
 * from a {@link io.eraft.api.raft.RaftNodeSpec}.
 *
 * <h2>Membership changes</h2>
 * A group's configuration ({@link io.eraft.api.raft.Membership}: voters and learners) changes one server at a time
 * ({@link io.eraft.api.raft.RaftNode#changeMembership}), as Ongaro's thesis §4.1 describes, not by joint consensus.
 * <ul>
 *   <li><b>Why single-server.</b> Adding or removing one voter makes every majority of the old configuration overlap
 *       every majority of the new one, so the two can never elect two leaders or commit two different entries at
 *       one index, and no intermediate joint configuration (two majorities to count, two-phase entries, the rules of
 *       leaving it) is needed. Every change an operator needs (grow, shrink, replace a server: add a learner, promote
 *       it, remove the old server) is a sequence of such steps. MicroRaft and etcd's V1 changes work this way; joint
 *       consensus (etcd ConfChangeV2, Ratis) buys arbitrary changes in one step, which we do not need, at the cost of
 *       much more code to get right.</li>
 *   <li><b>The thesis's fix.</b> A leader appends a change only after it committed an entry of its own term (its
 *       no-op): otherwise a change appended by a deposed leader and one by its successor could both take effect on
 *       disjoint majorities (the bug Ongaro reported on raft-dev in 2015). A change asked earlier waits for that.</li>
 *   <li><b>Configurations are log entries.</b> A configuration entry is a {@link io.eraft.api.log.EntryType#NOOP}
 *       entry whose data holds the new configuration: state machines already skip no-ops, and every log store keeps
 *       an entry's type and data as they are. A member uses the latest configuration in its log, committed or not
 *       (it takes effect when appended), and falls back to the one before when a leader truncates the entry that
 *       held it. At most one change is in flight: while the latest configuration's entry is not committed the next
 *       change is refused.</li>
 *   <li><b>Snapshots and restarts.</b> The configuration a snapshot covers travels with it to followers and is kept
 *       with the member's work directory when its log is compacted, so on start the configuration is the latest one
 *       in the log, else the snapshot's, else the spec's initial members.</li>
 *   <li><b>Learners</b> receive entries and snapshots but never vote, never count for commit, check-quorum or
 *       ReadIndex, and never campaign. A learner is promoted only once its log is within
 *       {@link io.eraft.api.raft.RaftConfig#maxPromotionLag()} entries of the leader's, so a promotion never stalls
 *       commits while the new voter catches up, and only once every voter holds the configuration that made it a
 *       member: a voter without it would refuse the new member's messages, should it lead.</li>
 *   <li><b>Removing the leader.</b> It keeps leading (without counting itself) until the configuration without it
 *       commits, then hands leadership to the most up-to-date voter and steps down.</li>
 *   <li><b>Removed members.</b> A member outside its own configuration never campaigns. A removed member that does
 *       not know it was removed is harmless: the members refuse its messages as a non-member's before they touch any
 *       state, and pre-vote keeps it from raising its own term. A member admits messages only from the members of
 *       its latest configuration (a new member from the moment the entry that adds it is appended).</li>
 * </ul>
 * Changes are compare-and-set on the configuration's index (as MicroRaft's {@code expectedGroupMembersCommitIndex}),
 * so two operators cannot both apply a change computed from the same configuration; a refusal is a
 * {@link io.eraft.api.raft.MembershipChangeException} naming its {@link io.eraft.api.raft.MembershipChangeException.Reason}.
 * A new server starts with {@link io.eraft.api.raft.RaftNodeSpec#joining()} set and joins as a learner. Which nodes
 * the transport lets connect is the upper layers' business: they follow the configuration through
 * {@link io.eraft.api.raft.RaftNode#addMembershipListener} or {@link io.eraft.api.raft.RaftStatus#membership()}.
 */
package io.eraft.api.raft;

package io.eraft.raft.testing;

import io.eraft.api.raft.StateMachine;
import io.eraft.api.transport.NodeId;

import java.nio.file.Path;

/**
 * Builds a member's application state machine each time the member starts, for suites that replicate their own
 * state (a KV store, say) through a {@link RaftCluster}. The cluster wraps it in a {@link CheckingStateMachine}, so
 * the safety checks still see every entry, and prefixes its snapshots with the checker's image.
 */
@FunctionalInterface
public interface StateMachineFactory {

    /**
     * @param member   the member that starts
     * @param stateDir a directory of the member's own that survives its crashes, for the state machine's durable state
     * @return a state machine resumed from that durable state; its {@link StateMachine#lastApplied()} says from where
     */
    StateMachine create(NodeId member, Path stateDir);
}

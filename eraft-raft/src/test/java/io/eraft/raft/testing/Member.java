package io.eraft.raft.testing;

import io.eraft.api.log.LogStore;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;

import java.nio.file.Path;

/** One node of a {@link RaftCluster}: its fixed identity and directories, and its current incarnation, if up. */
final class Member {
    final NodeId id;
    final int ordinal;
    final Path logDir;
    final Path workDir;
    final Path stateDir;
    private volatile Incarnation current;
    private volatile CheckingStateMachine lastStateMachine;
    private int starts;
    /** Started with {@link RaftCluster#join}: every start joins as a new member. */
    volatile boolean joining;

    Member(NodeId id, int ordinal, Path dir) {
        this.id = id;
        this.ordinal = ordinal;
        this.logDir = dir.resolve("log");
        this.workDir = dir.resolve("work");
        this.stateDir = dir.resolve("state");
    }

    /** The running incarnation, or null while the node is down. */
    Incarnation current() {
        return current;
    }

    /**
     * The state machine of the latest incarnation, kept after a crash: like MIT's tester, what a crashed node applied
     * still counts until it restarts.
     */
    CheckingStateMachine lastStateMachine() {
        return lastStateMachine;
    }

    int nextStart() {
        return starts++;
    }

    void up(Incarnation incarnation) {
        current = incarnation;
        lastStateMachine = incarnation.stateMachine();
    }

    void down() {
        current = null;
    }

    /**
     * One run of the node, from start to crash.
     *
     * @param raft         the Raft member
     * @param log          its log as Raft sees it (the opened one, or a test's wrapper around it)
     * @param opened       its log as the provider opened it (what a crash acts on)
     * @param transport    its transport
     * @param stateMachine its state machine
     */
    record Incarnation(RaftNode raft, LogStore log, LogStore opened, Transport transport,
                       CheckingStateMachine stateMachine) {
    }
}

package io.eraft.api.raft;

import io.eraft.api.transport.NodeId;

import java.util.concurrent.CompletableFuture;

/**
 * One member of a Raft group. Futures complete on the group's threads; do not block in their callbacks.
 * Failures are {@link NotLeaderException} (with the leader, when known), {@link RaftStoppedException}, or
 * {@link RaftException} with a cause.
 */
public interface RaftNode extends AutoCloseable {

    String groupId();

    NodeId self();

    /** Recovers the log and hard state, joins the group and starts serving. */
    void start();

    /**
     * Proposes a command. Completes with the state machine's result once the command is committed and applied on
     * this node, or fails with {@link NotLeaderException} if this node is not the leader or loses leadership
     * before the entry commits (the command may still commit later: clients must retry idempotently).
     */
    CompletableFuture<byte[]> propose(byte[] command);

    /**
     * Linearizable read barrier (ReadIndex): confirms leadership with a heartbeat round and completes with the
     * commit index once this node has applied through it. State read after completion is at least as new as every
     * write acknowledged before the call.
     */
    CompletableFuture<Long> readIndex();

    /** Hands leadership to {@code target} (TimeoutNow); completes when {@code target} leads, or fails on timeout. */
    CompletableFuture<Void> transferLeadership(NodeId target);

    /**
     * Completes when this member stops: normally after {@link #close()}, exceptionally with a
     * {@link RaftFailedException} naming the cause when it stopped itself (fail-stop). A server process watches it
     * to exit with an error instead of looking healthy while broken.
     */
    CompletableFuture<Void> termination();

    /**
     * Changes the group's configuration by one server (see the package documentation): appends the new configuration
     * on the leader, where it takes effect at once, and completes with it once its entry is committed and applied here.
     * Compare-and-set: {@code expectedConfigIndex} must be the index of the current configuration
     * ({@link RaftStatus#configurationIndex()}, or {@link MembershipChangeException#current()} of a refusal).
     *
     * <p>Fails with {@link NotLeaderException} on a member that does not lead (or stops leading before the entry
     * commits: the change may still commit; read the configuration before retrying), and with
     * {@link MembershipChangeException} when refused, the configuration unchanged. A new leader first commits an
     * entry of its own term; a change asked before that waits for it.
     *
     * <p>The default fails with {@link UnsupportedOperationException}: implementations with a fixed voter set.
     */
    default CompletableFuture<Membership> changeMembership(MembershipChange change, long expectedConfigIndex) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(getClass().getName()
                + " does not support membership changes"));
    }

    /**
     * Registers {@code listener}, told of every later configuration change of this member (see
     * {@link MembershipListener}). The default fails: implementations with a fixed voter set never change it.
     */
    default void addMembershipListener(MembershipListener listener) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support membership changes");
    }

    /** A consistent snapshot of this member's state. Safe from any thread. */
    RaftStatus status();

    /**
     * This member's term, role and leader now: the part of {@link #status()} a request handler checks on every
     * request, which an implementation should answer without gathering the rest. Safe from any thread. The default
     * takes it from {@link #status()}.
     */
    default Leadership leadership() {
        RaftStatus s = status();
        return new Leadership(s.term(), s.role(), s.leader());
    }

    /** Stops timers and threads; pending futures fail with {@link RaftStoppedException}. Does not close the log. */
    @Override
    void close();
}

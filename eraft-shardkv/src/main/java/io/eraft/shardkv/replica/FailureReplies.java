package io.eraft.shardkv.replica;

import io.eraft.api.raft.NotLeaderException;
import io.eraft.api.raft.ProposalRejectedException;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.proto.KvStatus;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The reply a request handler sends for a Raft or store failure, in its own protocol's encoding.
 * <p>Internal: replica machinery shared by the kv, shard and ctrler packages; io.eraft.shardkv does not export it.
 */
public final class FailureReplies {
    /** Builds a protocol's failure replies. */
    public interface Encoder {
        /** NOT_LEADER naming {@code hint} (may be null); {@code notProposed}: this server did not propose it. */
        byte[] notLeader(NodeId hint, String message, boolean notProposed);

        /** An error reply; {@code notProposed}: this server did not propose the request. */
        byte[] error(KvStatus status, String message, boolean notProposed);
    }

    private FailureReplies() {
    }

    /**
     * The reply for {@code error} (unwrapped from completion wrappers), which a read or a proposal failed with:
     * NOT_LEADER with the leader hint for a {@link NotLeaderException}; UNAVAILABLE naming {@code self} and the cause
     * otherwise. The clerk retries either. Only a {@link ProposalRejectedException} (Raft refused the proposal without
     * appending it) is marked not proposed: any other failure of a proposal may come after it was appended, and the
     * entry may still commit.
     */
    public static byte[] of(Throwable error, NodeId self, Encoder encoder) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NotLeaderException e) {
            return encoder.notLeader(e.leaderHint(), e.getMessage(), false);
        }
        return encoder.error(KvStatus.KV_STATUS_UNAVAILABLE, self + ": " + cause,
                cause instanceof ProposalRejectedException);
    }
}

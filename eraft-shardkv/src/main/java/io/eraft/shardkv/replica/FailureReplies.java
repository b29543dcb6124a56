package io.eraft.shardkv.replica;

import io.eraft.api.raft.NotLeaderException;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.proto.KvStatus;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;

/** The reply a request handler sends for a Raft or store failure, in its own protocol's encoding. */
public final class FailureReplies {
    private FailureReplies() {
    }

    /**
     * NOT_LEADER with the leader hint when {@code error} (unwrapped from completion wrappers) is a
     * {@link NotLeaderException}, else UNAVAILABLE naming {@code self} and the cause; the clerk retries either.
     *
     * @param notLeader builds the NOT_LEADER reply from the hint (may be null) and the message
     * @param errorReply builds an error reply from a status and a message
     */
    public static byte[] of(Throwable error, NodeId self, BiFunction<NodeId, String, byte[]> notLeader,
                            BiFunction<KvStatus, String, byte[]> errorReply) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NotLeaderException e) {
            return notLeader.apply(e.leaderHint(), e.getMessage());
        }
        return errorReply.apply(KvStatus.KV_STATUS_UNAVAILABLE, self + ": " + cause);
    }
}

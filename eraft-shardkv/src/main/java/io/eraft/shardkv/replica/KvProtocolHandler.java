package io.eraft.shardkv.replica;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestHandler;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;

import java.util.concurrent.CompletableFuture;

/**
 * The part of serving the KV protocol ({@link KvRequest} in, {@code KvResponse} out) that KV groups and shard groups
 * share: it decodes the request, checks its group and the KV limits, and answers every problem with BAD_REQUEST or
 * WRONG_GROUP; the subclass serves the reads and writes that pass. Never blocks the transport thread.
 */
public abstract class KvProtocolHandler implements RequestHandler {
    /** The group this handler serves. */
    protected final String groupId;
    /** The group's Raft member on this node. */
    protected final RaftNode raft;
    private final KvLimits limits;

    protected KvProtocolHandler(String groupId, RaftNode raft, KvLimits limits) {
        this.groupId = groupId;
        this.raft = raft;
        this.limits = limits;
    }

    @Override
    public final CompletableFuture<byte[]> handle(NodeId from, byte[] payload) {
        KvRequest request;
        try {
            request = KvRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return reply(error(KvStatus.KV_STATUS_BAD_REQUEST, "cannot decode the request ("
                    + payload.length + " bytes): " + e.getMessage()));
        }
        if (!groupId.equals(request.getGroup())) {
            return reply(error(KvStatus.KV_STATUS_WRONG_GROUP, raft.self() + " serves group '" + groupId
                    + "', not '" + request.getGroup() + "'"));
        }
        switch (request.getBodyCase()) {
            case READ:
                byte[] key = request.getRead().getKey().toByteArray();
                String problem = limits.keyProblem(key);
                return problem != null ? reply(error(KvStatus.KV_STATUS_BAD_REQUEST, problem)) : read(key);
            case WRITE:
                ClientWrite write = ClientWrite.decode(request.getWrite().toByteArray(), limits);
                return write.problem() != null
                        ? reply(error(KvStatus.KV_STATUS_BAD_REQUEST, write.problem())) : write(write);
            default:
                return reply(error(KvStatus.KV_STATUS_BAD_REQUEST, "the request has no read or write"));
        }
    }

    /** Serves a read of {@code key}, which is within the limits. */
    protected abstract CompletableFuture<byte[]> read(byte[] key);

    /** Serves {@code write}, a decoded write within the limits. */
    protected abstract CompletableFuture<byte[]> write(ClientWrite write);

    /** The reply for a Raft or store failure: NOT_LEADER with a hint, or UNAVAILABLE (the clerk retries). */
    protected final byte[] failure(Throwable error) {
        return FailureReplies.of(error, raft.self(), KvProtocolHandler::notLeader, KvProtocolHandler::error);
    }

    /** An error reply with {@code status} and {@code message}. */
    protected static byte[] error(KvStatus status, String message) {
        return KvResponse.newBuilder().setStatus(status).setError(message).build().toByteArray();
    }

    /** {@code response}, already complete. */
    protected static CompletableFuture<byte[]> reply(byte[] response) {
        return CompletableFuture.completedFuture(response);
    }

    private static byte[] notLeader(NodeId hint, String message) {
        KvResponse.Builder b = KvResponse.newBuilder().setStatus(KvStatus.KV_STATUS_NOT_LEADER)
                .setError(String.valueOf(message));
        if (hint != null) {
            b.setLeaderHint(hint.value());
        }
        return b.build().toByteArray();
    }
}

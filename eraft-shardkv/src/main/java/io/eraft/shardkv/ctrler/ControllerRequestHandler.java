package io.eraft.shardkv.ctrler;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestHandler;
import io.eraft.shardkv.proto.CtrlerRequest;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.replica.FailureReplies;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one controller group's channel: proposes Join, Leave and Move through the log and answers Query after a
 * ReadIndex barrier. Every outcome is a {@code CtrlerResponse}; the handler never blocks the transport thread.
 */
final class ControllerRequestHandler implements RequestHandler {
    private final String cluster;
    private final RaftNode raft;
    private final ControllerStateMachine stateMachine;

    ControllerRequestHandler(String cluster, RaftNode raft, ControllerStateMachine stateMachine) {
        this.cluster = cluster;
        this.raft = raft;
        this.stateMachine = stateMachine;
    }

    @Override
    public CompletableFuture<byte[]> handle(NodeId from, byte[] payload) {
        CtrlerRequest request;
        try {
            request = CtrlerRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return reply(ControllerReplies.error(KvStatus.KV_STATUS_BAD_REQUEST, "cannot decode the request ("
                    + payload.length + " bytes): " + e.getMessage()));
        }
        if (!cluster.equals(request.getCluster())) {
            return reply(ControllerReplies.error(KvStatus.KV_STATUS_WRONG_GROUP, raft.self()
                    + " is a controller of '" + cluster + "', not of '" + request.getCluster() + "'"));
        }
        switch (request.getBodyCase()) {
            case CHANGE:
                return raft.propose(request.getChange().toByteArray())
                        .handle((result, error) -> error != null ? failure(error) : result);
            case QUERY:
                long num = request.getQuery();
                return raft.readIndex().handle((index, error) -> {
                    if (error != null) {
                        return failure(error);
                    }
                    try {
                        return ControllerReplies.config(stateMachine.config(num));
                    } catch (RuntimeException e) {
                        return failure(e);
                    }
                });
            default:
                return reply(ControllerReplies.error(KvStatus.KV_STATUS_BAD_REQUEST,
                        "the request has no change or query"));
        }
    }

    /** The reply for a Raft or store failure: NOT_LEADER with a hint, or UNAVAILABLE (the clerk retries). */
    private byte[] failure(Throwable error) {
        return FailureReplies.of(error, raft.self(), ControllerReplies::notLeader, ControllerReplies::error);
    }

    private static CompletableFuture<byte[]> reply(byte[] response) {
        return CompletableFuture.completedFuture(response);
    }
}

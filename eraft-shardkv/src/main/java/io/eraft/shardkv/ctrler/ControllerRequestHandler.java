package io.eraft.shardkv.ctrler;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestHandler;
import io.eraft.shardkv.proto.CtrlerRequest;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.replica.Proposer;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one of a controller group's channels: answers Query after a ReadIndex barrier and, on the admin channel
 * only, proposes changes through the log. A change sent to the client channel is refused (BAD_REQUEST,
 * not proposed) naming the admin channel. Every outcome is a {@code CtrlerResponse}; the handler never blocks the
 * transport thread.
 */
final class ControllerRequestHandler implements RequestHandler {
    private final String cluster;
    private final RaftNode raft;
    private final ControllerStateMachine stateMachine;
    private final Proposer proposer;
    private final boolean admin;

    /**
     * @param maxEntryBytes the largest log entry Raft accepts
     * @param admin         whether this handler serves the admin channel (changes and queries) or the client
     *                      channel (queries only)
     */
    ControllerRequestHandler(String cluster, RaftNode raft, ControllerStateMachine stateMachine, long maxEntryBytes,
                             boolean admin) {
        this.cluster = cluster;
        this.raft = raft;
        this.stateMachine = stateMachine;
        this.proposer = new Proposer(raft, maxEntryBytes, ControllerReplies.ENCODER);
        this.admin = admin;
    }

    @Override
    public CompletableFuture<byte[]> handle(NodeId from, byte[] payload) {
        CtrlerRequest request;
        try {
            request = CtrlerRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return reply(ControllerReplies.refusal(KvStatus.KV_STATUS_BAD_REQUEST, "cannot decode the request ("
                    + payload.length + " bytes): " + e.getMessage()));
        }
        if (!cluster.equals(request.getCluster())) {
            return reply(ControllerReplies.refusal(KvStatus.KV_STATUS_WRONG_GROUP, raft.self()
                    + " is a controller of '" + cluster + "', not of '" + request.getCluster() + "'"));
        }
        switch (request.getBodyCase()) {
            case CHANGE:
                if (!admin) {
                    return reply(ControllerReplies.refusal(KvStatus.KV_STATUS_BAD_REQUEST, "configuration changes "
                            + "go through the admin channel '" + ControllerServer.adminChannel(cluster) + "', not '"
                            + ControllerServer.channel(cluster) + "'"));
                }
                return proposer.propose(request.getChange().toByteArray());
            case QUERY:
                long num = request.getQuery();
                return raft.readIndex().handle((index, error) -> {
                    if (error != null) {
                        return proposer.failure(error);
                    }
                    try {
                        return ControllerReplies.config(stateMachine.config(num));
                    } catch (RuntimeException e) {
                        return proposer.failure(e);
                    }
                });
            default:
                return reply(ControllerReplies.refusal(KvStatus.KV_STATUS_BAD_REQUEST,
                        "the request has no change or query"));
        }
    }

    private static CompletableFuture<byte[]> reply(byte[] response) {
        return CompletableFuture.completedFuture(response);
    }
}

package io.eraft.shardkv.shard;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.codec.Codec;
import io.eraft.api.codec.CodecException;
import io.eraft.api.command.Command;
import io.eraft.api.command.Get;
import io.eraft.api.raft.NotLeaderException;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestHandler;
import io.eraft.shardkv.codec.ProtobufCodec;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.proto.ShardCommand;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Serves a shard group's client channel ({@code "kv/<group>"}, the KV protocol): writes go through the log wrapped
 * in a {@link ShardCommand}, where the state machine checks the shard; reads are answered after a ReadIndex barrier
 * when the group serves the key's shard, else WRONG_GROUP. Never blocks the transport thread.
 */
final class ShardRequestHandler implements RequestHandler {
    private static final ProtobufCodec WIRE = new ProtobufCodec();

    private final String groupId;
    private final RaftNode raft;
    private final ShardStateMachine stateMachine;
    private final Codec logCodec;
    private final KvLimits limits;

    ShardRequestHandler(String groupId, RaftNode raft, ShardStateMachine stateMachine, Codec logCodec,
                        KvLimits limits) {
        this.groupId = groupId;
        this.raft = raft;
        this.stateMachine = stateMachine;
        this.logCodec = logCodec;
        this.limits = limits;
    }

    @Override
    public CompletableFuture<byte[]> handle(NodeId from, byte[] payload) {
        KvRequest request;
        try {
            request = KvRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return reply(error(KvStatus.KV_STATUS_BAD_REQUEST, "cannot decode the request: " + e.getMessage()));
        }
        if (!groupId.equals(request.getGroup())) {
            return reply(error(KvStatus.KV_STATUS_WRONG_GROUP, raft.self() + " serves group '" + groupId
                    + "', not '" + request.getGroup() + "'"));
        }
        switch (request.getBodyCase()) {
            case READ:
                return read(request.getRead().getKey().toByteArray());
            case WRITE:
                return write(request.getWrite().toByteArray());
            default:
                return reply(error(KvStatus.KV_STATUS_BAD_REQUEST, "the request has no read or write"));
        }
    }

    private CompletableFuture<byte[]> read(byte[] key) {
        String problem = limits.keyProblem(key);
        if (problem != null) {
            return reply(error(KvStatus.KV_STATUS_BAD_REQUEST, problem));
        }
        int shard = ShardKeys.shardOf(key, stateMachine.shardCount());
        return raft.readIndex().handle((index, failure) -> {
            if (failure != null) {
                return failure(failure);
            }
            if (!stateMachine.serves(shard)) {
                return wrongGroup(shard);
            }
            byte[] value = stateMachine.read(shard, key);
            return value == null
                    ? KvResponse.newBuilder().setStatus(KvStatus.KV_STATUS_OK).build().toByteArray()
                    : KvResponse.newBuilder().setStatus(KvStatus.KV_STATUS_OK).setFound(true)
                            .setValue(ByteString.copyFrom(value)).build().toByteArray();
        });
    }

    private CompletableFuture<byte[]> write(byte[] encoded) {
        Command command;
        try {
            command = WIRE.decodeCommand(encoded);
        } catch (CodecException e) {
            return reply(error(KvStatus.KV_STATUS_BAD_REQUEST, e.getMessage()));
        }
        if (command instanceof Get) {
            return reply(error(KvStatus.KV_STATUS_BAD_REQUEST, "a Get is sent as a read, not as a write"));
        }
        String problem = limits.commandProblem(command);
        if (problem != null) {
            return reply(error(KvStatus.KV_STATUS_BAD_REQUEST, problem));
        }
        int shard = ShardKeys.shardOf(ShardKeys.keyOf(command), stateMachine.shardCount());
        if (!stateMachine.serves(shard)) {
            return reply(wrongGroup(shard)); // checked again when applied; this saves a log entry
        }
        byte[] entry = logCodec.name().equals(WIRE.name()) ? encoded : logCodec.encodeCommand(command);
        byte[] wrapped = ShardCommand.newBuilder().setClient(ByteString.copyFrom(entry)).build().toByteArray();
        return raft.propose(wrapped).handle((result, failure) -> failure != null ? failure(failure) : result);
    }

    private byte[] wrongGroup(int shard) {
        return error(KvStatus.KV_STATUS_WRONG_GROUP, "group '" + groupId + "' does not serve shard " + shard
                + " now (configuration " + stateMachine.current().num() + ")");
    }

    private byte[] failure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NotLeaderException notLeader) {
            KvResponse.Builder b = KvResponse.newBuilder().setStatus(KvStatus.KV_STATUS_NOT_LEADER)
                    .setError(String.valueOf(cause.getMessage()));
            if (notLeader.leaderHint() != null) {
                b.setLeaderHint(notLeader.leaderHint().value());
            }
            return b.build().toByteArray();
        }
        return error(KvStatus.KV_STATUS_UNAVAILABLE, raft.self() + ": " + cause);
    }

    private static byte[] error(KvStatus status, String message) {
        return KvResponse.newBuilder().setStatus(status).setError(message).build().toByteArray();
    }

    private static CompletableFuture<byte[]> reply(byte[] response) {
        return CompletableFuture.completedFuture(response);
    }
}

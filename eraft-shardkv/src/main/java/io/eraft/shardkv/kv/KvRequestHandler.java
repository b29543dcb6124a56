package io.eraft.shardkv.kv;

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
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.proto.KvStatus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Serves one KV group's channel: decodes a {@link KvRequest}, proposes writes (re-encoded with the group's log
 * codec) and answers reads after a ReadIndex barrier. Every outcome, failures included, is a {@code KvResponse}, so
 * the clerk always learns why; the handler never blocks the transport thread.
 */
final class KvRequestHandler implements RequestHandler {
    /** The client protocol carries writes in the protobuf codec's command encoding, whatever the log's codec. */
    private static final ProtobufCodec WIRE = new ProtobufCodec();

    private final String groupId;
    private final RaftNode raft;
    private final KvStateMachine stateMachine;
    private final Codec logCodec;
    private final KvLimits limits;
    private final long maxEntryBytes;

    /** @param maxEntryBytes the largest log entry Raft accepts (its {@code maxAppendBytes}) */
    KvRequestHandler(String groupId, RaftNode raft, KvStateMachine stateMachine, Codec logCodec, KvLimits limits,
                     long maxEntryBytes) {
        this.groupId = groupId;
        this.raft = raft;
        this.stateMachine = stateMachine;
        this.logCodec = logCodec;
        this.limits = limits;
        this.maxEntryBytes = maxEntryBytes;
    }

    @Override
    public CompletableFuture<byte[]> handle(NodeId from, byte[] payload) {
        KvRequest request;
        try {
            request = KvRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return reply(Replies.error(KvStatus.KV_STATUS_BAD_REQUEST, "cannot decode the request ("
                    + payload.length + " bytes): " + e.getMessage()));
        }
        if (!groupId.equals(request.getGroup())) {
            return reply(Replies.error(KvStatus.KV_STATUS_WRONG_GROUP, raft.self() + " serves group '" + groupId
                    + "', not '" + request.getGroup() + "'"));
        }
        switch (request.getBodyCase()) {
            case READ:
                return read(request.getRead().getKey().toByteArray());
            case WRITE:
                return write(request.getWrite().toByteArray());
            default:
                return reply(Replies.error(KvStatus.KV_STATUS_BAD_REQUEST, "the request has no read or write"));
        }
    }

    private CompletableFuture<byte[]> read(byte[] key) {
        String problem = limits.keyProblem(key);
        if (problem != null) {
            return reply(Replies.error(KvStatus.KV_STATUS_BAD_REQUEST, problem));
        }
        return raft.readIndex().handle((index, error) -> {
            if (error != null) {
                return failure(error);
            }
            try {
                byte[] value = stateMachine.read(key);
                return value == null ? Replies.notFound() : Replies.found(value);
            } catch (RuntimeException e) {
                return failure(e);
            }
        });
    }

    private CompletableFuture<byte[]> write(byte[] encodedCommand) {
        Command command;
        try {
            command = WIRE.decodeCommand(encodedCommand);
        } catch (CodecException e) {
            return reply(Replies.error(KvStatus.KV_STATUS_BAD_REQUEST, e.getMessage()));
        }
        if (command instanceof Get) {
            return reply(Replies.error(KvStatus.KV_STATUS_BAD_REQUEST, "a Get is sent as a read, not as a write"));
        }
        String problem = limits.commandProblem(command);
        if (problem != null) {
            return reply(Replies.error(KvStatus.KV_STATUS_BAD_REQUEST, problem));
        }
        byte[] entry = logCodec.name().equals(WIRE.name()) ? encodedCommand : logCodec.encodeCommand(command);
        if (entry.length > maxEntryBytes) {
            return reply(Replies.error(KvStatus.KV_STATUS_BAD_REQUEST, "the command encodes to " + entry.length
                    + " bytes, over the Raft group's maxAppendBytes of " + maxEntryBytes + "; raise maxAppendBytes "
                    + "or send smaller values"));
        }
        return raft.propose(entry).handle((result, error) -> error != null ? failure(error) : result);
    }

    /** The reply for a Raft or store failure: NOT_LEADER with a hint, or UNAVAILABLE (the clerk retries). */
    private byte[] failure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NotLeaderException notLeader) {
            return Replies.notLeader(notLeader.leaderHint(), cause.getMessage());
        }
        return Replies.error(KvStatus.KV_STATUS_UNAVAILABLE, raft.self() + ": " + cause);
    }

    private static CompletableFuture<byte[]> reply(byte[] response) {
        return CompletableFuture.completedFuture(response);
    }
}

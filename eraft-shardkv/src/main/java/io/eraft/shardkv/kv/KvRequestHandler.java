package io.eraft.shardkv.kv;

import io.eraft.api.codec.Codec;
import io.eraft.api.raft.RaftNode;
import io.eraft.shardkv.proto.KvRequest;
import io.eraft.shardkv.replica.ClientWrite;
import io.eraft.shardkv.replica.KvProtocolHandler;
import io.eraft.shardkv.replica.KvRequestMetrics;
import io.eraft.shardkv.space.SpaceMonitor;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one KV group's channel: decodes a {@link KvRequest}, proposes writes (re-encoded with the group's log
 * codec) and answers reads after a ReadIndex barrier. Every outcome, failures included, is a {@code KvResponse}, so
 * the clerk always learns why; the handler never blocks the transport thread.
 */
final class KvRequestHandler extends KvProtocolHandler {
    private final KvStateMachine stateMachine;
    private final Codec logCodec;

    /** @param maxEntryBytes the largest log entry Raft accepts (its {@code maxAppendBytes}) */
    KvRequestHandler(String groupId, RaftNode raft, KvStateMachine stateMachine, Codec logCodec, KvLimits limits,
                     long maxEntryBytes, SpaceMonitor space, KvRequestMetrics metrics) {
        super(groupId, raft, limits, maxEntryBytes, space, metrics);
        this.stateMachine = stateMachine;
        this.logCodec = logCodec;
    }

    @Override
    protected CompletableFuture<byte[]> read(byte[] key) {
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

    @Override
    protected CompletableFuture<byte[]> write(ClientWrite write) {
        return propose(write.logEntry(logCodec));
    }
}

package io.eraft.shardkv.shard;

import com.google.protobuf.ByteString;
import io.eraft.api.codec.Codec;
import io.eraft.api.raft.RaftNode;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.proto.KvResponse;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.proto.ShardCommand;
import io.eraft.shardkv.replica.ClientWrite;
import io.eraft.shardkv.replica.KvProtocolHandler;
import io.eraft.shardkv.replica.KvRequestMetrics;
import io.eraft.shardkv.space.SpaceMonitor;

import java.util.concurrent.CompletableFuture;

/**
 * Serves a shard group's client channel ({@code "kv/<group>"}, the KV protocol): writes go through the log wrapped
 * in a {@link ShardCommand}, where the state machine checks the shard; reads are answered after a ReadIndex barrier
 * when the group serves the key's shard, else WRONG_GROUP. Never blocks the transport thread.
 */
final class ShardRequestHandler extends KvProtocolHandler {
    private final ShardStateMachine stateMachine;
    private final Codec logCodec;

    ShardRequestHandler(String groupId, RaftNode raft, ShardStateMachine stateMachine, Codec logCodec,
                        KvLimits limits, long maxEntryBytes, SpaceMonitor space, KvRequestMetrics metrics) {
        super(groupId, raft, limits, maxEntryBytes, space, metrics);
        this.stateMachine = stateMachine;
        this.logCodec = logCodec;
    }

    @Override
    protected CompletableFuture<byte[]> read(byte[] key) {
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

    @Override
    protected CompletableFuture<byte[]> write(ClientWrite write) {
        int shard = ShardKeys.shardOf(ShardKeys.keyOf(write.command()), stateMachine.shardCount());
        if (!stateMachine.serves(shard)) {
            return reply(wrongGroup(shard)); // checked again when applied; this saves a log entry
        }
        return propose(entry(write.logEntry(logCodec)));
    }

    /** The log entry of a client command encoded as {@code command}: wrapped in a {@link ShardCommand}. */
    static byte[] entry(byte[] command) {
        return ShardCommand.newBuilder().setClient(ByteString.copyFrom(command)).build().toByteArray();
    }

    private byte[] wrongGroup(int shard) {
        return refusal(KvStatus.KV_STATUS_WRONG_GROUP, "group '" + groupId + "' does not serve shard " + shard
                + " now (configuration " + stateMachine.current().num() + ")");
    }
}

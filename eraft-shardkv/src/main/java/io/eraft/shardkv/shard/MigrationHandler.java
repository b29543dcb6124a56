package io.eraft.shardkv.shard;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestHandler;
import io.eraft.shardkv.proto.MigrationRequest;
import io.eraft.shardkv.proto.MigrationResponse;
import io.eraft.shardkv.proto.MigrationStatus;
import io.eraft.shardkv.proto.ShardCommand;
import io.eraft.shardkv.proto.ShardPhase;
import io.eraft.shardkv.proto.ShardRef;
import io.eraft.shardkv.proto.StoreEntry;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Serves the old owner's side of migration on channel {@code "shard/<group>"}. A pull is answered by any replica
 * that holds the shard frozen (BEING_PULLED) in the asked configuration, with the next entries of its prefix scan
 * after the given key, up to the chunk size (counted in encoded bytes; a chunk ends after the entry that reaches it,
 * so it is at most the chunk size plus one entry): never the whole shard at once. A delete goes through the leader's log,
 * and is confirmed once the shard is gone.
 */
final class MigrationHandler implements RequestHandler {
    private final RaftNode raft;
    private final ShardStateMachine stateMachine;
    private final int chunkBytes;

    MigrationHandler(RaftNode raft, ShardStateMachine stateMachine, int chunkBytes) {
        this.raft = raft;
        this.stateMachine = stateMachine;
        this.chunkBytes = chunkBytes;
    }

    /** The channel of group {@code groupId}'s migration service. */
    static String channel(String groupId) {
        return "shard/" + groupId;
    }

    @Override
    public CompletableFuture<byte[]> handle(NodeId from, byte[] payload) {
        MigrationRequest request;
        try {
            request = MigrationRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return reply(status(MigrationStatus.MIGRATION_STATUS_NOT_READY, "undecodable request: " + e));
        }
        ShardRef ref = request.getRef();
        if (ref.getShard() >= stateMachine.shardCount()) {
            return reply(status(MigrationStatus.MIGRATION_STATUS_NOT_READY, "no shard " + ref.getShard()));
        }
        return request.hasDelete() ? delete(ref) : CompletableFuture.completedFuture(pull(ref,
                request.getPullAfter().toByteArray()));
    }

    private byte[] pull(ShardRef ref, byte[] after) {
        if (stateMachine.current().num() != ref.getConfigNum()
                || stateMachine.phases().get(ref.getShard()) != ShardPhase.SHARD_PHASE_BEING_PULLED) {
            return status(MigrationStatus.MIGRATION_STATUS_NOT_READY, raft.self() + " does not hold shard "
                    + ref.getShard() + " frozen for configuration " + ref.getConfigNum() + " (it is at "
                    + stateMachine.current().num() + ", " + stateMachine.phases().get(ref.getShard()) + ")");
        }
        byte[] prefix = ShardLayout.shardPrefix(ref.getShard());
        KeyRange all = KeyRange.prefix(prefix);
        byte[] start = after.length == 0 ? prefix : successor(after);
        MigrationResponse.Builder b = MigrationResponse.newBuilder().setStatus(MigrationStatus.MIGRATION_STATUS_OK);
        long bytes = 0;
        try (CloseableIterator<KeyValue> it = stateMachine.store().scan(KeyRange.between(start, all.end()))) {
            while (it.hasNext()) {
                if (bytes >= chunkBytes) {
                    return b.setLast(false).build().toByteArray();
                }
                KeyValue kv = it.next();
                StoreEntry entry = StoreEntry.newBuilder().setKey(ByteString.copyFrom(kv.key()))
                        .setValue(ByteString.copyFrom(kv.value())).build();
                b.addEntries(entry);
                bytes += encodedBytes(entry);
            }
        }
        return b.setLast(true).build().toByteArray();
    }

    private CompletableFuture<byte[]> delete(ShardRef ref) {
        if (gone(ref)) {
            return reply(MigrationResponse.newBuilder().setStatus(MigrationStatus.MIGRATION_STATUS_OK).setLast(true)
                    .build().toByteArray());
        }
        if (stateMachine.current().num() < ref.getConfigNum()) {
            return reply(status(MigrationStatus.MIGRATION_STATUS_NOT_READY, raft.self() + " is at configuration "
                    + stateMachine.current().num() + ", before " + ref.getConfigNum()));
        }
        byte[] entry = ShardCommand.newBuilder().setDelete(ref).build().toByteArray();
        return raft.propose(entry).handle((r, error) -> error == null && gone(ref)
                ? MigrationResponse.newBuilder().setStatus(MigrationStatus.MIGRATION_STATUS_OK).setLast(true).build()
                        .toByteArray()
                : status(MigrationStatus.MIGRATION_STATUS_NOT_LEADER, raft.self() + " could not delete shard "
                        + ref.getShard() + ": " + error));
    }

    /** Whether this replica no longer holds the shard of configuration {@code ref}'s predecessor. */
    private boolean gone(ShardRef ref) {
        long at = stateMachine.current().num();
        return at > ref.getConfigNum() || (at == ref.getConfigNum()
                && stateMachine.phases().get(ref.getShard()) != ShardPhase.SHARD_PHASE_BEING_PULLED);
    }

    /** The bytes {@code entry} adds to a chunk: its encoding as a repeated field. */
    static long encodedBytes(StoreEntry entry) {
        return CodedOutputStream.computeMessageSize(2, entry);
    }

    /** The smallest key after {@code key}. */
    private static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    private static byte[] status(MigrationStatus status, String error) {
        return MigrationResponse.newBuilder().setStatus(status).setError(error).build().toByteArray();
    }

    private static CompletableFuture<byte[]> reply(byte[] response) {
        return CompletableFuture.completedFuture(response);
    }
}

package io.eraft.shardkv.shard;

import com.google.protobuf.ByteString;
import io.eraft.api.codec.Codec;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.proto.ShardChunk;
import io.eraft.shardkv.proto.ShardCommand;
import io.eraft.shardkv.proto.ShardRef;
import io.eraft.shardkv.proto.StoreEntry;

/**
 * Checks, before a shard group starts, that everything it proposes fits one Raft log entry: the largest client
 * command the KV limits allow (wrapped in a {@link ShardCommand}), and the largest migration chunk (the chunk size
 * plus one entry of the longest key and value, see {@link MigrationHandler}). A group that did not fit would refuse
 * such writes, or wedge a migration for good, at run time.
 */
final class EntryFit {
    /** Room for the store key's prefix and namespace bytes around a user key. */
    private static final int STORE_KEY_OVERHEAD = 16;
    /** Room for the varint lengths of a chunk that is {@code chunkBytes} larger than the one measured. */
    private static final int LENGTH_OVERHEAD = 16;

    private EntryFit() {
    }

    /** @throws IllegalArgumentException naming {@code raft.max-append-bytes} and what does not fit */
    static void check(ShardGroupSpec spec) {
        KvServerSpec s = spec.server();
        long max = s.raftConfig().maxAppendBytes();
        String who = "shard group server " + s.groupId() + "/" + s.self();
        Codec codec = s.codec();
        s.limits().requireFits(max, c -> ShardRequestHandler.entry(codec.encodeCommand(c)).length, who);
        long chunk = largestChunkBytes(spec.chunkBytes(), s.limits());
        if (chunk > max) {
            throw new IllegalArgumentException(who + ": " + KvLimits.MAX_APPEND_SETTING + " is " + max
                    + " bytes, but a migration chunk of " + spec.chunkBytes() + " bytes plus one entry of the largest "
                    + "value (" + s.limits() + ") may make a log entry of " + chunk + " bytes; raise "
                    + KvLimits.MAX_APPEND_SETTING + " to at least " + chunk + " or use smaller chunks");
        }
    }

    /** The largest log entry a migration chunk can make. */
    static long largestChunkBytes(int chunkBytes, KvLimits limits) {
        StoreEntry largest = StoreEntry.newBuilder()
                .setKey(ByteString.copyFrom(new byte[limits.maxKeyBytes() + STORE_KEY_OVERHEAD]))
                .setValue(ByteString.copyFrom(new byte[limits.maxValueBytes()])).build();
        ShardRef ref = ShardRef.newBuilder().setConfigNum(Long.MAX_VALUE).setShard(Integer.MAX_VALUE).build();
        ShardCommand one = ShardCommand.newBuilder().setChunk(ShardChunk.newBuilder().setRef(ref)
                .addEntries(largest)).build();
        return one.getSerializedSize() + (long) chunkBytes + LENGTH_OVERHEAD;
    }
}

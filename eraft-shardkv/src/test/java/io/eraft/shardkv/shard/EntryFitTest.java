package io.eraft.shardkv.shard;

import com.google.protobuf.ByteString;
import io.eraft.api.raft.RaftConfig;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.proto.ShardChunk;
import io.eraft.shardkv.proto.ShardCommand;
import io.eraft.shardkv.proto.ShardRef;
import io.eraft.shardkv.proto.StoreEntry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A shard group's largest proposals, a client command and a migration chunk, fit Raft's default entry. */
class EntryFitTest {
    @Test
    void theLargestMigrationChunkIsBoundedAndFitsTheDefaultRaftEntry() {
        int chunkBytes = 64 << 10;
        long bound = EntryFit.largestChunkBytes(chunkBytes, KvLimits.DEFAULT);
        assertTrue(bound <= RaftConfig.defaults().maxAppendBytes(), "bound " + bound);

        // The worst chunk MigrationHandler can make: entries just under the chunk size, then the largest entry.
        ShardChunk.Builder chunk = ShardChunk.newBuilder().setRef(ShardRef.newBuilder().setConfigNum(Long.MAX_VALUE)
                .setShard(Integer.MAX_VALUE));
        long counted = 0;
        while (counted < chunkBytes - 20) {
            StoreEntry small = StoreEntry.newBuilder().setKey(ByteString.copyFromUtf8("hxxxxdk")).build();
            chunk.addEntries(small);
            counted += MigrationHandler.encodedBytes(small);
        }
        chunk.addEntries(StoreEntry.newBuilder().setKey(ByteString.copyFrom(new byte[KvLimits.DEFAULT.maxKeyBytes()
                + 6])).setValue(ByteString.copyFrom(new byte[KvLimits.DEFAULT.maxValueBytes()])));
        long actual = ShardCommand.newBuilder().setChunk(chunk).build().getSerializedSize();
        assertTrue(actual <= bound, "a worst-case chunk of " + actual + " bytes is within the bound " + bound);
    }
}

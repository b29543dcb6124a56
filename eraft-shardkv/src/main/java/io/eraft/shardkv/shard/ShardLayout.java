package io.eraft.shardkv.shard;

import java.nio.ByteBuffer;

/**
 * How a shard group lays out its store: shard {@code s}'s key space (user data and the client sessions that matter
 * for it, as {@link io.eraft.shardkv.kv.Keyspace} lays them out) under {@code 'h'} + {@code s} (4 bytes, big-endian),
 * so one prefix scan streams a whole shard; each held shard's phase under {@code 'p'} + {@code s}; the current and
 * previous configurations under {@code "cc"} and {@code "cp"}.
 */
final class ShardLayout {
    static final byte[] CURRENT_CONFIG = {'c', 'c'};
    static final byte[] PREVIOUS_CONFIG = {'c', 'p'};

    private ShardLayout() {
    }

    /** The prefix of every store key of shard {@code shard}. */
    static byte[] shardPrefix(int shard) {
        return ByteBuffer.allocate(5).put((byte) 'h').putInt(shard).array();
    }

    static byte[] phaseKey(int shard) {
        return ByteBuffer.allocate(5).put((byte) 'p').putInt(shard).array();
    }

    /** Whether store key {@code key} belongs to shard {@code shard}'s key space. */
    static boolean inShard(byte[] key, int shard) {
        byte[] p = shardPrefix(shard);
        if (key.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (key[i] != p[i]) {
                return false;
            }
        }
        return true;
    }
}

package io.eraft.shardkv.kv;

import java.util.Arrays;

/** A byte array as a hash-map key, compared by content. The array must not change afterwards. */
final class ByteKey {
    private final byte[] bytes;
    private final int hash;

    ByteKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}

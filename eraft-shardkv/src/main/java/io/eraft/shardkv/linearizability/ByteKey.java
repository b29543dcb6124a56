package io.eraft.shardkv.linearizability;

import io.eraft.api.store.Keys;

import java.util.Arrays;

/** A byte string with content equality and unsigned order, for map keys. Wraps, does not copy: never mutate. */
final class ByteKey implements Comparable<ByteKey> {
    private final byte[] bytes;
    private final int hash;

    ByteKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public int compareTo(ByteKey o) {
        return Keys.compare(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Keys.printable(bytes);
    }
}

package io.eraft.shardkv.kv;

import io.eraft.api.store.KeyRange;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How KV data lays out in a {@link io.eraft.api.store.StateMachineStore}: under a key space prefix (empty for the
 * plain KV service; one per shard in a shard group), user keys follow the namespace byte {@code 'd'} and client
 * sessions {@code 's'} plus the client id (8 bytes, big-endian). The applied index is kept by the store itself, next
 * to the data, by every {@link io.eraft.api.store.WriteBatch}. Other namespace bytes are reserved.
 */
final class StoreLayout {
    static final byte DATA = 'd';
    static final byte SESSION = 's';
    /** The plain KV service's layout: no prefix. */
    static final StoreLayout PLAIN = new StoreLayout(new byte[0]);

    private final byte[] prefix;
    private final KeyRange sessions;

    private StoreLayout(byte[] prefix) {
        this.prefix = prefix.clone();
        this.sessions = KeyRange.prefix(withPrefix(new byte[] {SESSION}));
    }

    /** The layout of one key space, every key of which starts with {@code prefix}. */
    static StoreLayout prefixed(byte[] prefix) {
        return new StoreLayout(prefix);
    }

    private byte[] withPrefix(byte[] rest) {
        byte[] k = Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, k, prefix.length, rest.length);
        return k;
    }

    /** The store key of user key {@code key}. */
    byte[] dataKey(byte[] key) {
        byte[] k = new byte[prefix.length + key.length + 1];
        System.arraycopy(prefix, 0, k, 0, prefix.length);
        k[prefix.length] = DATA;
        System.arraycopy(key, 0, k, prefix.length + 1, key.length);
        return k;
    }

    /** The store key of client {@code clientId}'s session. */
    byte[] sessionKey(long clientId) {
        return ByteBuffer.allocate(prefix.length + 9).put(prefix).put(SESSION).putLong(clientId).array();
    }

    /** The client id of a store key made by {@link #sessionKey}. */
    long clientIdOf(byte[] sessionKey) {
        if (sessionKey.length != prefix.length + 9 || sessionKey[prefix.length] != SESSION) {
            throw new IllegalArgumentException("not a session key (" + sessionKey.length + " bytes)");
        }
        return ByteBuffer.wrap(sessionKey, prefix.length + 1, 8).getLong();
    }

    /** Every session key. */
    KeyRange sessions() {
        return sessions;
    }
}

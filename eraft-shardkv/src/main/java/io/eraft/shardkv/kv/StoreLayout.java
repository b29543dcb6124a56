package io.eraft.shardkv.kv;

import io.eraft.api.store.KeyRange;

import java.nio.ByteBuffer;

/**
 * How the KV state machine lays out its one {@link io.eraft.api.store.StateMachineStore}: user keys under the
 * namespace byte {@code 'd'}, client sessions under {@code 's'} followed by the client id (8 bytes, big-endian).
 * The applied index is kept by the store itself, next to the data, by every {@link io.eraft.api.store.WriteBatch}.
 * Other namespace bytes are reserved.
 */
final class StoreLayout {
    static final byte DATA = 'd';
    static final byte SESSION = 's';
    private static final KeyRange SESSIONS = KeyRange.prefix(new byte[] {SESSION});

    private StoreLayout() {
    }

    /** The store key of user key {@code key}. */
    static byte[] dataKey(byte[] key) {
        byte[] k = new byte[key.length + 1];
        k[0] = DATA;
        System.arraycopy(key, 0, k, 1, key.length);
        return k;
    }

    /** The store key of client {@code clientId}'s session. */
    static byte[] sessionKey(long clientId) {
        return ByteBuffer.allocate(9).put(SESSION).putLong(clientId).array();
    }

    /** The client id of a store key made by {@link #sessionKey}. */
    static long clientIdOf(byte[] sessionKey) {
        if (sessionKey.length != 9 || sessionKey[0] != SESSION) {
            throw new IllegalArgumentException("not a session key (" + sessionKey.length + " bytes)");
        }
        return ByteBuffer.wrap(sessionKey, 1, 8).getLong();
    }

    /** Every session key. */
    static KeyRange sessions() {
        return SESSIONS;
    }
}

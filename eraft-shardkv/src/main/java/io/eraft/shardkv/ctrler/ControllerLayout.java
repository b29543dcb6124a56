package io.eraft.shardkv.ctrler;

import io.eraft.api.store.KeyRange;

import java.nio.ByteBuffer;

/**
 * How the shard controller lays out its store: configuration {@code n} under {@code 'c'} followed by {@code n}
 * (8 bytes, big-endian, so configurations scan in number order), client sessions under {@code 's'} followed by the
 * client id (8 bytes, big-endian). Configuration 0 is never stored (it is always {@link ShardConfig#initial}).
 */
final class ControllerLayout {
    private static final byte CONFIG = 'c';
    private static final byte SESSION = 's';
    private static final KeyRange CONFIGS = KeyRange.prefix(new byte[] {CONFIG});
    private static final KeyRange SESSIONS = KeyRange.prefix(new byte[] {SESSION});

    private ControllerLayout() {
    }

    static byte[] configKey(long num) {
        return ByteBuffer.allocate(9).put(CONFIG).putLong(num).array();
    }

    static byte[] sessionKey(long clientId) {
        return ByteBuffer.allocate(9).put(SESSION).putLong(clientId).array();
    }

    static long clientIdOf(byte[] sessionKey) {
        if (sessionKey.length != 9 || sessionKey[0] != SESSION) {
            throw new IllegalArgumentException("not a controller session key (" + sessionKey.length + " bytes)");
        }
        return ByteBuffer.wrap(sessionKey, 1, 8).getLong();
    }

    static KeyRange configs() {
        return CONFIGS;
    }

    static KeyRange sessions() {
        return SESSIONS;
    }
}

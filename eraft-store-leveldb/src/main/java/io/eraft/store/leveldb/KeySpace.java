package io.eraft.store.leveldb;

import io.eraft.api.store.KeyRange;
import io.eraft.api.store.StoreCorruptedException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How user keys and metadata share one LevelDB key space: metadata keys start with {@code 0x00}, user keys are
 * stored behind a {@code 0x01} byte. User scans are confined to {@code [0x01, 0x02)}, so they never see metadata,
 * and the order of user keys is kept (LevelDB compares bytes unsigned, like {@link io.eraft.api.store.Keys}).
 */
final class KeySpace {
    static final byte DATA = 0x01;
    /** Holds the applied index as 8 bytes big-endian. */
    static final byte[] APPLIED_INDEX = metaKey("applied-index");

    private static final byte[] DATA_START = {DATA};
    private static final byte[] DATA_END = {DATA + 1};

    private KeySpace() {
    }

    private static byte[] metaKey(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] k = new byte[n.length + 1];
        System.arraycopy(n, 0, k, 1, n.length);
        return k;
    }

    static byte[] dataKey(byte[] userKey) {
        byte[] k = new byte[userKey.length + 1];
        k[0] = DATA;
        System.arraycopy(userKey, 0, k, 1, userKey.length);
        return k;
    }

    static byte[] userKey(byte[] dataKey) {
        byte[] k = new byte[dataKey.length - 1];
        System.arraycopy(dataKey, 1, k, 0, k.length);
        return k;
    }

    static byte[] start(KeyRange range) {
        return range.start() == null ? DATA_START : dataKey(range.start());
    }

    static byte[] end(KeyRange range) {
        return range.end() == null ? DATA_END : dataKey(range.end());
    }

    static byte[] encodeIndex(long index) {
        return ByteBuffer.allocate(Long.BYTES).putLong(index).array();
    }

    static long decodeIndex(byte[] value, String where) {
        if (value == null) {
            return 0;
        }
        if (value.length != Long.BYTES) {
            throw new StoreCorruptedException(where + ": the applied index record has " + value.length
                    + " bytes, expected " + Long.BYTES);
        }
        return ByteBuffer.wrap(value).getLong();
    }
}

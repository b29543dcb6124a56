package io.eraft.store.lmdb;

import io.eraft.api.store.KeyRange;
import io.eraft.api.store.Keys;
import io.eraft.api.store.StoreCorruptedException;
import io.eraft.api.store.StoreException;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * How user keys and metadata share LMDB's main database: metadata keys start with {@code 0x00}, user keys are
 * stored behind a {@code 0x01} byte (which also makes the empty user key storable, as LMDB refuses empty keys).
 * User scans are confined to {@code [0x01, 0x02)}; LMDB's default order is unsigned bytes, like {@link Keys}.
 */
final class KeySpace {
    static final byte DATA = 0x01;
    /** Holds the applied index as 8 bytes big-endian. */
    static final byte[] APPLIED_INDEX = {0, 'a', 'p', 'p', 'l', 'i', 'e', 'd', '-', 'i', 'n', 'd', 'e', 'x'};

    private static final byte[] DATA_START = {DATA};
    private static final byte[] DATA_END = {DATA + 1};

    private final int maxKeySize;
    /** One direct key buffer per thread: LMDB reads keys through their address, only during the call. */
    private final ThreadLocal<ByteBuffer> keyBuffer;

    KeySpace(int maxKeySize) {
        this.maxKeySize = maxKeySize;
        this.keyBuffer = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(maxKeySize));
    }

    /** The longest user key LMDB can store. */
    int maxUserKeySize() {
        return maxKeySize - 1;
    }

    /** {@code userKey} behind the data prefix, in this thread's direct buffer (valid until the next call). */
    ByteBuffer dataKey(byte[] userKey, Path where) {
        if (userKey.length > maxUserKeySize()) {
            throw new StoreException("lmdb store " + where + ": key of " + userKey.length + " bytes is longer than "
                    + "LMDB's limit of " + maxUserKeySize() + " bytes: " + Keys.printable(userKey));
        }
        ByteBuffer b = keyBuffer.get();
        b.clear();
        b.put(DATA).put(userKey).flip();
        return b;
    }

    /** A raw key (already prefixed) in this thread's direct buffer. */
    ByteBuffer raw(byte[] key) {
        ByteBuffer b = keyBuffer.get();
        b.clear();
        b.put(key).flip();
        return b;
    }

    ByteBuffer appliedIndexKey() {
        return raw(APPLIED_INDEX);
    }

    static byte[] start(KeyRange range) {
        return range.start() == null ? DATA_START : prefixed(range.start());
    }

    static byte[] end(KeyRange range) {
        return range.end() == null ? DATA_END : prefixed(range.end());
    }

    static byte[] prefixed(byte[] userKey) {
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

    /** Copies the bytes of a buffer that points into the map; do so before the transaction ends. */
    static byte[] copy(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static byte[] encodeIndex(long index) {
        return ByteBuffer.allocate(Long.BYTES).putLong(index).array();
    }

    static long decodeIndex(byte[] value, Path where) {
        if (value == null) {
            return 0;
        }
        if (value.length != Long.BYTES) {
            throw new StoreCorruptedException("lmdb store " + where + ": the applied index record has "
                    + value.length + " bytes, expected " + Long.BYTES);
        }
        return ByteBuffer.wrap(value).getLong();
    }
}

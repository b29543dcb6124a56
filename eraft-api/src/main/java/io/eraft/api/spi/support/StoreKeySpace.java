package io.eraft.api.spi.support;

import io.eraft.api.store.KeyRange;
import io.eraft.api.store.Keys;
import io.eraft.api.store.StoreCorruptedException;
import io.eraft.api.store.StoreException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The key layout the byte-ordered store providers share, so their on-disk records stay identical: metadata keys
 * start with {@code 0x00}, user keys are stored behind a {@value #DATA} byte (which also makes the empty user key
 * storable), and the applied index is the metadata key {@code "\0applied-index"} holding 8 bytes big-endian. User
 * scans are confined to {@code [0x01, 0x02)}, so they never see metadata, and the order of user keys is kept as
 * long as the engine compares bytes unsigned, like {@link Keys}.
 */
public final class StoreKeySpace {
    /** The prefix byte of every stored user key. */
    public static final byte DATA = 0x01;

    private static final byte[] APPLIED_INDEX = metaKey("applied-index");
    private static final byte[] DATA_START = {DATA};
    private static final byte[] DATA_END = {DATA + 1};

    private StoreKeySpace() {
    }

    private static byte[] metaKey(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] k = new byte[n.length + 1];
        System.arraycopy(n, 0, k, 1, n.length);
        return k;
    }

    /** The stored key of the applied index record (a new array on each call). */
    public static byte[] appliedIndexKey() {
        return APPLIED_INDEX.clone();
    }

    /** {@code userKey} behind the data prefix. */
    public static byte[] dataKey(byte[] userKey) {
        byte[] k = new byte[userKey.length + 1];
        k[0] = DATA;
        System.arraycopy(userKey, 0, k, 1, userKey.length);
        return k;
    }

    /** The user key of a stored data key: {@code dataKey} without its prefix byte. */
    public static byte[] userKey(byte[] dataKey) {
        byte[] k = new byte[dataKey.length - 1];
        System.arraycopy(dataKey, 1, k, 0, k.length);
        return k;
    }

    /** The first stored key a scan of {@code range} reads (inclusive). */
    public static byte[] start(KeyRange range) {
        return range.start() == null ? DATA_START.clone() : dataKey(range.start());
    }

    /** The stored key a scan of {@code range} stops before (exclusive). */
    public static byte[] end(KeyRange range) {
        return range.end() == null ? DATA_END.clone() : dataKey(range.end());
    }

    /** The applied index record's value: 8 bytes big-endian. */
    public static byte[] encodeIndex(long index) {
        return ByteBuffer.allocate(Long.BYTES).putLong(index).array();
    }

    /**
     * Reads an applied index record.
     *
     * @param value the stored value, or null when there is none (a new store: index 0)
     * @param where the store, as its messages name it (e.g. {@code "leveldb store /data"})
     * @throws StoreCorruptedException when the value is not 8 bytes long
     */
    public static long decodeIndex(byte[] value, String where) {
        if (value == null) {
            return 0;
        }
        if (value.length != Long.BYTES) {
            throw new StoreCorruptedException(where + ": the applied index record has " + value.length
                    + " bytes, expected " + Long.BYTES);
        }
        return ByteBuffer.wrap(value).getLong();
    }

    /**
     * Checks that snapshot entries arrive in strictly increasing key order.
     *
     * @param previous the key of the entry before, or null for the first entry
     * @param where    the store, as its messages name it (e.g. {@code "lmdb store /data"})
     * @throws StoreException when {@code key} does not sort after {@code previous}
     */
    public static void requireIncreasing(byte[] previous, byte[] key, String where) {
        if (previous != null && Keys.compare(previous, key) >= 0) {
            throw new StoreException(where + ": installSnapshot entries must be in strictly increasing key order, but "
                    + Keys.printable(key) + " came after " + Keys.printable(previous));
        }
    }
}

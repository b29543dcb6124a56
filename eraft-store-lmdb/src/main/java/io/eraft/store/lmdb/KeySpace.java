package io.eraft.store.lmdb;

import io.eraft.api.spi.support.StoreKeySpace;
import io.eraft.api.store.Keys;
import io.eraft.api.store.StoreException;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The {@link StoreKeySpace} layout in LMDB's main database, written into per-thread direct key buffers (the data
 * prefix also makes the empty user key storable, as LMDB refuses empty keys); LMDB's default order is unsigned
 * bytes, like {@link Keys}.
 */
final class KeySpace {
    private static final byte[] APPLIED_INDEX = StoreKeySpace.appliedIndexKey();

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
        b.put(StoreKeySpace.DATA).put(userKey).flip();
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

    /** Copies the bytes of a buffer that points into the map; do so before the transaction ends. */
    static byte[] copy(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}

package io.eraft.api.spi.support;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The values a batch being built has written so far, so that an APPEND later in the same batch builds on a PUT,
 * APPEND or DELETE earlier in it rather than on the stored value.
 */
public final class PendingValues {
    private static final byte[] DELETED = new byte[0];

    private final Map<ByteBuffer, byte[]> values = new HashMap<>();

    public void put(byte[] key, byte[] value) {
        values.put(ByteBuffer.wrap(key), value);
    }

    public void delete(byte[] key) {
        values.put(ByteBuffer.wrap(key), DELETED);
    }

    /** The value {@code key} has at this point of the batch: pending if the batch wrote it, else stored. */
    public byte[] current(byte[] key, Function<byte[], byte[]> stored) {
        byte[] v = values.get(ByteBuffer.wrap(key));
        if (v == null) {
            return stored.apply(key);
        }
        return v == DELETED ? null : v;
    }

    public static byte[] concat(byte[] current, byte[] suffix) {
        if (current == null || current.length == 0) {
            return suffix.clone();
        }
        byte[] out = new byte[current.length + suffix.length];
        System.arraycopy(current, 0, out, 0, current.length);
        System.arraycopy(suffix, 0, out, current.length, suffix.length);
        return out;
    }
}

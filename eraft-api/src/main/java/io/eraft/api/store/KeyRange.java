package io.eraft.api.store;

import java.util.Arrays;

/**
 * A range of keys in unsigned-byte order: from {@code start} inclusive to {@code end} exclusive. A null start is
 * the first key; a null end is past the last key.
 */
public record KeyRange(byte[] start, byte[] end) {

    public static KeyRange all() {
        return new KeyRange(null, null);
    }

    /** Every key that begins with {@code prefix}. */
    public static KeyRange prefix(byte[] prefix) {
        return new KeyRange(prefix.clone(), Keys.prefixEnd(prefix));
    }

    public static KeyRange between(byte[] startInclusive, byte[] endExclusive) {
        return new KeyRange(startInclusive, endExclusive);
    }

    public boolean contains(byte[] key) {
        return (start == null || Keys.compare(key, start) >= 0) && (end == null || Keys.compare(key, end) < 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRange r && Arrays.equals(start, r.start) && Arrays.equals(end, r.end);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(start) + Arrays.hashCode(end);
    }

    @Override
    public String toString() {
        return "[" + (start == null ? "-inf" : Keys.printable(start)) + ", "
                + (end == null ? "+inf" : Keys.printable(end)) + ")";
    }
}

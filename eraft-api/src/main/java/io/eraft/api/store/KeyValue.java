package io.eraft.api.store;

import java.util.Arrays;
import java.util.Objects;

/** One entry of a store. The arrays are owned by the receiver; nobody changes them after construction. */
public record KeyValue(byte[] key, byte[] value) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue other && Arrays.equals(key, other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "KeyValue[" + Keys.printable(key) + "=" + Keys.printable(value) + "]";
    }
}

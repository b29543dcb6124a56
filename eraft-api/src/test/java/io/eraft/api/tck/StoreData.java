package io.eraft.api.tck;

import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small helpers the store contracts share (and a provider's own tests may use): UTF-8 keys, scans into lists. */
public final class StoreData {
    private StoreData() {
    }

    /** {@code s} as UTF-8 bytes. */
    public static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code b} as UTF-8 text; {@code null} stays {@code null} (an absent value). */
    public static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Every entry of {@code range}, in scan order. */
    public static List<KeyValue> scan(StateMachineStore store, KeyRange range) {
        try (CloseableIterator<KeyValue> it = store.scan(range)) {
            return drain(it);
        }
    }

    /** The remaining entries of {@code it}, in order (the caller closes it). */
    public static List<KeyValue> drain(CloseableIterator<KeyValue> it) {
        List<KeyValue> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    /** An entry with UTF-8 key and value. */
    public static KeyValue kv(String key, String value) {
        return new KeyValue(b(key), b(value));
    }
}

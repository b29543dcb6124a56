package io.eraft.shardkv.kv.scenario;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** UTF-8 conversions for readable test data. */
final class Bytes {
    private Bytes() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The value of a get as text, or null when the key is absent. */
    static String s(Optional<byte[]> v) {
        return v.map(Bytes::s).orElse(null);
    }
}

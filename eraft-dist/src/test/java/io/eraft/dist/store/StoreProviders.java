package io.eraft.dist.store;

import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreProvider;
import io.eraft.api.store.Stores;
import org.junit.jupiter.api.Named;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The store providers the contract suite runs against: every one {@link Stores#providers()} finds through
 * ServiceLoader (the suite itself checks that {@code leveldb} and {@code lmdb} are among them), plus helpers.
 */
final class StoreProviders {
    /** Providers this build must ship; the suite fails if any is missing rather than run against fewer. */
    static final List<String> EXPECTED = List.of("leveldb", "lmdb");

    private StoreProviders() {
    }

    /** Arguments for {@code @MethodSource}: each provider, named by its name. */
    static Stream<Named<StoreProvider>> all() {
        return Stores.providers().stream()
                .sorted(Comparator.comparing(StoreProvider::name))
                .map(p -> Named.of(p.name(), p));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Every entry of {@code range}, in scan order. */
    static List<KeyValue> scan(StateMachineStore store, KeyRange range) {
        try (CloseableIterator<KeyValue> it = store.scan(range)) {
            return drain(it);
        }
    }

    static List<KeyValue> drain(CloseableIterator<KeyValue> it) {
        List<KeyValue> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    static KeyValue kv(String key, String value) {
        return new KeyValue(b(key), b(value));
    }
}

package io.eraft.shardkv.kv.testing;

import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.Stores;

import java.nio.file.Path;
import java.util.Map;

/**
 * The store providers the KV suite runs against, by name through ServiceLoader, with test settings: no fsync per
 * write (a simulated crash closes the store, which keeps what was written, as a process crash does) and a small
 * LMDB map.
 */
public enum StoreKind {
    LEVELDB("leveldb", Map.of("sync-writes", "false", "write-buffer-size", "1m", "block-cache-size", "1m")),
    LMDB("lmdb", Map.of("sync", "nosync", "map-size", "256m"));

    private final String provider;
    private final Map<String, String> options;

    StoreKind(String provider, Map<String, String> options) {
        this.provider = provider;
        this.options = options;
    }

    /** Opens (or reopens) the store in {@code dir}. */
    public StateMachineStore open(Path dir) {
        return Stores.provider(provider).open(dir, options);
    }

    public String providerName() {
        return provider;
    }

    @Override
    public String toString() {
        return provider;
    }
}

package io.eraft.store.rocksdb;

import io.eraft.api.store.StateMachineStore;
import io.eraft.api.settings.Setting;
import io.eraft.api.store.StoreOptions;
import io.eraft.api.store.StoreProvider;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code rocksdb} store provider (RocksDB through rocksdbjni), a store plugin built outside the eRaft reactor.
 *
 * <p>Options: {@code block-cache-size}, {@code write-buffer-size}, {@code block-size}, {@code max-open-files},
 * {@code compression} (none|snappy), {@code sync-writes} (default false: a machine crash may lose the latest
 * writes, never a process crash; the applied index always shares the fate of the data it covers) and
 * {@code paranoid-checks}. See {@link #settings()} for defaults and ranges.
 *
 * <p>Directory layout: {@code eraft-store.properties} (owner marker), {@code eraft-rocksdb.lock} (instance lock),
 * {@code CURRENT-DB} (names the live database) and the live RocksDB database {@code db-NNNNNN/}.
 */
public final class RocksDbStoreProvider implements StoreProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public RocksDbStoreProvider() {
    }

    @Override
    public String name() {
        return RocksDbStore.NAME;
    }

    @Override
    public List<Setting<?>> settings() {
        return RocksDbOptions.ALL;
    }

    @Override
    public StateMachineStore open(Path directory, Map<String, String> options) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        return RocksDbStore.open(directory, new RocksDbSettings(StoreOptions.read(name(), settings(), options)));
    }
}

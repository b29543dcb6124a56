package io.eraft.store.lmdb;

import io.eraft.api.store.StateMachineStore;
import io.eraft.api.settings.Setting;
import io.eraft.api.store.StoreOptions;
import io.eraft.api.store.StoreProvider;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code lmdb} store provider (LMDB through lmdbjava).
 *
 * <p>Options: {@code map-size} (the most the database may grow to; a full map fails the write with a message
 * asking for a larger one), {@code max-readers} and {@code sync} (sync|nometasync|nosync). Keys may be at most
 * 510 bytes (LMDB's limit, less one namespace byte). The JVM needs
 * {@code --add-opens java.base/java.nio=lmdbjava --add-exports java.base/sun.nio.ch=lmdbjava}.
 *
 * <p>Directory layout: {@code eraft-store.properties} (owner marker), {@code eraft-lmdb.lock} (instance lock; LMDB
 * itself lets several processes share an environment), {@code data.mdb} and {@code lock.mdb}.
 */
public final class LmdbStoreProvider implements StoreProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public LmdbStoreProvider() {
    }

    @Override
    public String name() {
        return LmdbStore.NAME;
    }

    @Override
    public List<Setting<?>> settings() {
        return LmdbOptions.ALL;
    }

    @Override
    public StateMachineStore open(Path directory, Map<String, String> options) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        return LmdbStore.open(directory, new LmdbSettings(StoreOptions.read(name(), settings(), options)));
    }
}

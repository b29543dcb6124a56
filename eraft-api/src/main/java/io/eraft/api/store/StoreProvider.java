package io.eraft.api.store;

import io.eraft.api.settings.Setting;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Opens {@link StateMachineStore}s of one kind. Found with {@link java.util.ServiceLoader}; chosen by
 * {@link #name()} (see {@link Stores#provider(String)}).
 */
public interface StoreProvider {

    /** The name users choose this provider by: {@code leveldb}, {@code lmdb}, ... */
    String name();

    /**
     * The options this provider accepts ({@code map-size}, not {@code store.map-size}: a server adds the
     * {@code store.} prefix), with their types, defaults, ranges and meaning. The default converts
     * {@link #options()}, for providers written before settings.
     */
    @SuppressWarnings("deprecation")
    default List<Setting<?>> settings() {
        return options().stream().<Setting<?>>map(StoreOption::setting).toList();
    }

    /**
     * The options as {@link StoreOption}s; none by default.
     *
     * @deprecated override {@link #settings()}
     */
    @Deprecated
    default List<StoreOption<?>> options() {
        return List.of();
    }

    /**
     * Opens (creating if needed) the store in {@code directory}.
     *
     * @param options option name to textual value; names not in {@link #settings()} are rejected
     * @throws StoreOptionsException for an unknown option or a value out of range
     * @throws StoreLockedException when another store instance (in this or another process) has the directory open
     * @throws StoreException when the directory is missing and cannot be created, or is not writable
     */
    StateMachineStore open(Path directory, Map<String, String> options);

    /** Opens with every option at its default. */
    default StateMachineStore open(Path directory) {
        return open(directory, Map.of());
    }
}

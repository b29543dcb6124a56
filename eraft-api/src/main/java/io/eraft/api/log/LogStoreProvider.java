package io.eraft.api.log;

import io.eraft.api.Providers;

import java.nio.file.Path;
import java.util.Map;

/** Opens log stores of one kind ({@code segmented} on disk, {@code memory}). Found with ServiceLoader. */
public interface LogStoreProvider {

    String name();

    /**
     * Opens the log in {@code directory}, recovering from a crash: a torn or corrupt tail is cut at the last valid
     * record; corruption before the tail fails with {@link LogCorruptedException}.
     *
     * @param options provider-specific settings (segment size, fsync on/off, ...); unknown names are rejected
     */
    LogStore open(Path directory, Map<String, String> options);

    /** @throws io.eraft.api.UnknownProviderException listing the log stores found */
    static LogStoreProvider byName(String name) {
        return Providers.byName(LogStoreProvider.class, name, LogStoreProvider::name);
    }
}

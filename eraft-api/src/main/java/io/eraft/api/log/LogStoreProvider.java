package io.eraft.api.log;

import io.eraft.api.Providers;

import io.eraft.api.settings.Setting;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Opens log stores of one kind ({@code segmented} on disk, {@code memory}). Found with ServiceLoader. */
public interface LogStoreProvider {

    String name();

    /**
     * The options {@link #open} accepts ({@code segment-bytes}; a server adds the {@code log.} prefix), with their
     * types, defaults, ranges and meaning; none by default.
     */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /**
     * Opens the log in {@code directory}, recovering from a crash: a torn or corrupt tail is cut at the last valid
     * record; corruption before the tail fails with {@link LogCorruptedException}.
     *
     * @param options provider-specific settings (segment size, fsync on/off, ...); unknown names are rejected
     */
    LogStore open(Path directory, Map<String, String> options);

    /**
     * Repairs a log that {@link #open} refused as damaged ({@link LogCorruptedException}), offline: cuts the log at
     * the first damaged record, keeps the hard state and marks it {@link HardState#recovering()}, so that the member
     * votes again only after a leader has given back what was lost. Returns a one-paragraph report of what it found
     * and did (files, indexes); a log with no damage is left unchanged and says so.
     *
     * @throws LogStoreException if the log cannot be repaired (the message says what to do instead)
     */
    default String repair(Path directory, Map<String, String> options) {
        throw new LogStoreException("log store '" + name() + "' cannot repair logs");
    }

    /** @throws io.eraft.api.UnknownProviderException listing the log stores found */
    static LogStoreProvider byName(String name) {
        return Providers.byName(LogStoreProvider.class, name, LogStoreProvider::name);
    }
}

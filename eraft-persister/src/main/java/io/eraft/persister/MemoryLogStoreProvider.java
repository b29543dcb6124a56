package io.eraft.persister;

import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.settings.Setting;
import io.eraft.api.settings.Settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The in-memory Raft log, {@code memory}, for simulated crashes and restarts. Nothing is written to disk: the
 * directory is only a key. What each log made durable lives in a process-wide registry under
 * {@code directory.toAbsolutePath().normalize()}, so reopening the same path after {@link MemoryLogStore#close()} or
 * {@link MemoryLogStore#crash()} gives it back; {@link #forget(Path)} drops it.
 *
 * <p>Option: {@code sync-delay-micros} (default 0): a pause before each sync, to widen the window in which a crash
 * loses writes.
 */
public final class MemoryLogStoreProvider implements LogStoreProvider {
    static final Setting<Integer> SYNC_DELAY_MICROS = Setting.integer("sync-delay-micros", 0, 0, 60_000_000,
            "pause before each sync, in microseconds");
    static final List<Setting<?>> OPTIONS = List.of(SYNC_DELAY_MICROS);
    private static final Map<Path, DurableMemoryLog> REGISTRY = new ConcurrentHashMap<>();

    @Override
    public List<Setting<?>> settings() {
        return OPTIONS;
    }

    @Override
    public String name() {
        return "memory";
    }

    /**
     * @return a {@link MemoryLogStore}
     * @throws io.eraft.api.log.LogStoreException for unknown or bad options, or if the log is open already
     */
    @Override
    public LogStore open(Path directory, Map<String, String> options) {
        Settings parsed = LogOptions.parse(name(), OPTIONS, options);
        return open(directory, parsed.get(SYNC_DELAY_MICROS), Executors.defaultThreadFactory());
    }

    /** Opens the memory log of {@code directory}, its syncer thread made by {@code syncerThreads}. */
    static MemoryLogStore open(Path directory, int syncDelayMicros, ThreadFactory syncerThreads) {
        Path key = key(directory);
        return new MemoryLogStore(key, REGISTRY.computeIfAbsent(key, DurableMemoryLog::new), syncDelayMicros,
                syncerThreads);
    }

    /** Drops the durable state of the memory log for {@code directory}; a later open starts empty. */
    public static void forget(Path directory) {
        REGISTRY.remove(key(directory));
    }

    private static Path key(Path directory) {
        return directory.toAbsolutePath().normalize();
    }
}

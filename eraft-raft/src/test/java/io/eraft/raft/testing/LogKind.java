package io.eraft.raft.testing;

import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.persister.MemoryLogStore;
import io.eraft.persister.MemoryLogStoreProvider;

import java.nio.file.Path;
import java.util.Map;

/** Which log store a cluster's nodes use, and what a crash does to it. */
public enum LogKind {
    /**
     * The in-memory log: a crash keeps only what was synced, so it tests that Raft waits for durability before it
     * answers. Each sync takes 1 ms, like a fast fsync, which widens the window in which a crash loses writes.
     * Its contents live in a registry keyed by directory, which {@link #forget(Path)} clears.
     */
    MEMORY("memory", Map.of("sync-delay-micros", "1000")) {
        @Override
        public void crash(LogStore log) {
            if (!(log instanceof MemoryLogStore memory)) {
                throw new IllegalStateException("the memory provider returned a " + log.getClass().getName()
                        + ", not a MemoryLogStore, so a crash cannot be simulated");
            }
            memory.crash();
        }

        @Override
        public void forget(Path directory) {
            MemoryLogStoreProvider.forget(directory);
        }
    },
    /**
     * The durable on-disk log with fsync on. A "crash" closes it (every acknowledged write is already synced);
     * torn and corrupt files are made by the tests themselves.
     */
    SEGMENTED("segmented", Map.of("fsync", "true")) {
        @Override
        public void crash(LogStore log) {
            log.close();
        }

        @Override
        public void forget(Path directory) {
            // the files go with the cluster's directory
        }
    };

    private final String provider;
    private final Map<String, String> options;

    LogKind(String provider, Map<String, String> options) {
        ModuleReads.ensure();
        this.provider = provider;
        this.options = options;
    }

    /** Opens (or reopens, recovering) the log in {@code directory}. */
    public LogStore open(Path directory) {
        return LogStoreProvider.byName(provider).open(directory, options);
    }

    /** Simulates a crash of the process holding {@code log}; the log is unusable afterwards. */
    public abstract void crash(LogStore log);

    /** Drops every trace of the log in {@code directory} that outlives the cluster. */
    public abstract void forget(Path directory);

    /** The provider's name. */
    public String providerName() {
        return provider;
    }
}

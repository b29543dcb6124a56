package io.eraft.dist.cli;

import io.eraft.dist.server.ServerConfigLoader;
import picocli.CommandLine.Option;

/**
 * The storage of the commands that run their servers in this JVM ({@code bench-kv}, {@code bench-shard},
 * {@code demo}): the store provider and whether the Raft logs fsync.
 */
final class StorageOptions {
    @Option(names = "--store", defaultValue = ServerConfigLoader.DEFAULT_STORE,
            description = "Store provider: leveldb or lmdb (default ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--fsync", defaultValue = "true", arity = "1",
            description = "fsync the Raft logs (default ${DEFAULT-VALUE}); false only to see what fsync costs.")
    boolean fsync;
}

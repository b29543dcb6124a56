package io.eraft.store.rocksdb;

import io.eraft.api.settings.Setting;

import java.util.List;

/** The options of the {@code rocksdb} provider. */
final class RocksDbOptions {
    /** RocksDB block compression. */
    enum Compression { NONE, SNAPPY }

    static final Setting<Long> BLOCK_CACHE_SIZE = Setting.size("block-cache-size", 8L << 20, 0, 64L << 30,
            "LRU cache of uncompressed blocks; 0 uses RocksDB's default block cache");
    static final Setting<Long> WRITE_BUFFER_SIZE = Setting.size("write-buffer-size", 4L << 20, 64L << 10,
            1L << 30, "memtable size before it is written to a sorted file");
    static final Setting<Long> BLOCK_SIZE = Setting.size("block-size", 4L << 10, 1L << 10, 4L << 20,
            "uncompressed size of a data block");
    static final Setting<Integer> MAX_OPEN_FILES = Setting.integer("max-open-files", 1000, 20, 1_000_000,
            "table files RocksDB keeps open");
    static final Setting<Compression> COMPRESSION = Setting.choice("compression", Compression.class,
            Compression.SNAPPY, "block compression");
    static final Setting<Boolean> SYNC_WRITES = Setting.bool("sync-writes", false,
            "fsync the write-ahead log on every write; when false a machine crash may lose the latest writes "
                    + "(never a process crash), and the applied index is lost with exactly the data it covers");
    static final Setting<Boolean> PARANOID_CHECKS = Setting.bool("paranoid-checks", false,
            "check data aggressively and report corruption as early as possible");

    static final List<Setting<?>> ALL = List.of(BLOCK_CACHE_SIZE, WRITE_BUFFER_SIZE, BLOCK_SIZE, MAX_OPEN_FILES,
            COMPRESSION, SYNC_WRITES, PARANOID_CHECKS);

    private RocksDbOptions() {
    }
}

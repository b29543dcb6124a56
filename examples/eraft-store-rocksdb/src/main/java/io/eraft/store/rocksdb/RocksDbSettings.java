package io.eraft.store.rocksdb;

import io.eraft.api.settings.Settings;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteOptions;

/** Parsed {@code rocksdb} options, turned into RocksDB's own option objects. */
record RocksDbSettings(Settings options) {

    /**
     * RocksDB's native option objects for one open database: closed with it, since each holds native memory
     * (the block cache most of all).
     */
    record OpenOptions(Options options, LRUCache cache) implements AutoCloseable {
        @Override
        public void close() {
            options.close();
            if (cache != null) {
                cache.close();
            }
        }
    }

    /** Options for opening a database; {@code create} makes a new one and fails if one exists. */
    OpenOptions openOptions(boolean create) {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockSize(options.get(RocksDbOptions.BLOCK_SIZE));
        long size = options.get(RocksDbOptions.BLOCK_CACHE_SIZE);
        LRUCache cache = size > 0 ? new LRUCache(size) : null;
        if (cache != null) {
            table.setBlockCache(cache);
        }
        return new OpenOptions(new Options()
                .setCreateIfMissing(create)
                .setErrorIfExists(create)
                .setWriteBufferSize(options.get(RocksDbOptions.WRITE_BUFFER_SIZE))
                .setMaxOpenFiles(options.get(RocksDbOptions.MAX_OPEN_FILES))
                .setParanoidChecks(options.get(RocksDbOptions.PARANOID_CHECKS))
                .setCompressionType(options.get(RocksDbOptions.COMPRESSION) == RocksDbOptions.Compression.SNAPPY
                        ? CompressionType.SNAPPY_COMPRESSION : CompressionType.NO_COMPRESSION)
                .setTableFormatConfig(table), cache);
    }

    WriteOptions writeOptions() {
        return new WriteOptions().setSync(options.get(RocksDbOptions.SYNC_WRITES));
    }

    @Override
    public String toString() {
        return options.toString();
    }
}

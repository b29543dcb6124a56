package io.eraft.store.rocksdb;

import io.eraft.api.settings.Settings;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteOptions;

/** Parsed {@code rocksdb} options, turned into RocksDB's own option objects. */
record RocksDbSettings(Settings options) {

    /** Options for opening a database; {@code create} makes a new one and fails if one exists. */
    Options openOptions(boolean create) {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockSize(options.get(RocksDbOptions.BLOCK_SIZE));
        long cache = options.get(RocksDbOptions.BLOCK_CACHE_SIZE);
        if (cache > 0) {
            table.setBlockCache(new LRUCache(cache));
        }
        return new Options()
                .setCreateIfMissing(create)
                .setErrorIfExists(create)
                .setWriteBufferSize(options.get(RocksDbOptions.WRITE_BUFFER_SIZE))
                .setMaxOpenFiles(options.get(RocksDbOptions.MAX_OPEN_FILES))
                .setParanoidChecks(options.get(RocksDbOptions.PARANOID_CHECKS))
                .setCompressionType(options.get(RocksDbOptions.COMPRESSION) == RocksDbOptions.Compression.SNAPPY
                        ? CompressionType.SNAPPY_COMPRESSION : CompressionType.NO_COMPRESSION)
                .setTableFormatConfig(table);
    }

    WriteOptions writeOptions() {
        return new WriteOptions().setSync(options.get(RocksDbOptions.SYNC_WRITES));
    }

    @Override
    public String toString() {
        return options.toString();
    }
}

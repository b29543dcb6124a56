package io.eraft.store.leveldb;

import io.eraft.api.settings.Settings;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteOptions;

/** Parsed {@code leveldb} options, turned into LevelDB's own option objects. */
record LevelDbSettings(Settings options) {

    /** Options for opening a database; {@code create} makes a new one and fails if one exists. */
    Options openOptions(boolean create) {
        return new Options()
                .createIfMissing(create)
                .errorIfExists(create)
                .cacheSize(options.get(LevelDbOptions.BLOCK_CACHE_SIZE))
                .writeBufferSize(Math.toIntExact(options.get(LevelDbOptions.WRITE_BUFFER_SIZE)))
                .blockSize(Math.toIntExact(options.get(LevelDbOptions.BLOCK_SIZE)))
                .maxOpenFiles(options.get(LevelDbOptions.MAX_OPEN_FILES))
                .paranoidChecks(options.get(LevelDbOptions.PARANOID_CHECKS))
                .compressionType(options.get(LevelDbOptions.COMPRESSION) == LevelDbOptions.Compression.SNAPPY
                        ? CompressionType.SNAPPY : CompressionType.NONE);
    }

    WriteOptions writeOptions() {
        return new WriteOptions().sync(options.get(LevelDbOptions.SYNC_WRITES));
    }

    @Override
    public String toString() {
        return options.toString();
    }
}

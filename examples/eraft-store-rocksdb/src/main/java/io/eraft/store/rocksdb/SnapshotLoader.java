package io.eraft.store.rocksdb;

import io.eraft.api.spi.support.StoreKeySpace;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StoreException;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.file.Path;
import java.util.Iterator;

/**
 * Fills a new, empty database from snapshot entries in bounded batches, then writes the applied index with a
 * synced write, which makes everything before it durable too.
 */
final class SnapshotLoader {
    private static final long MAX_BATCH_BYTES = 4L << 20;

    private SnapshotLoader() {
    }

    /**
     * @return the number of entries loaded
     * @throws StoreException when the entries are not in strictly increasing key order
     */
    static long load(Path storeDir, RocksDB db, long appliedIndex, Iterator<KeyValue> entries)
            throws RocksDBException {
        WriteOptions noSync = new WriteOptions().setSync(false);
        WriteOptions sync = new WriteOptions().setSync(true);
        byte[] previous = null;
        long count = 0;
        long bytes = 0;
        WriteBatch batch = new WriteBatch();
        try {
            while (entries.hasNext()) {
                KeyValue kv = entries.next();
                StoreKeySpace.requireIncreasing(previous, kv.key(), "rocksdb store " + storeDir);
                previous = kv.key();
                batch.put(StoreKeySpace.dataKey(kv.key()), kv.value());
                count++;
                bytes += kv.key().length + kv.value().length + 16;
                if (bytes >= MAX_BATCH_BYTES) {
                    db.write(noSync, batch);
                    batch.close();
                    batch = new WriteBatch();
                    bytes = 0;
                }
            }
            batch.put(StoreKeySpace.appliedIndexKey(), StoreKeySpace.encodeIndex(appliedIndex));
            db.write(sync, batch);
            return count;
        } finally {
            batch.close();
            noSync.close();
            sync.close();
        }
    }
}

package io.eraft.store.leveldb;

import io.eraft.api.spi.support.StoreKeySpace;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StoreException;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

import java.io.IOException;
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
    static long load(Path storeDir, DB db, long appliedIndex, Iterator<KeyValue> entries) throws IOException {
        WriteOptions noSync = new WriteOptions().sync(false);
        byte[] previous = null;
        long count = 0;
        long bytes = 0;
        WriteBatch batch = db.createWriteBatch();
        try {
            while (entries.hasNext()) {
                KeyValue kv = entries.next();
                StoreKeySpace.requireIncreasing(previous, kv.key(), "leveldb store " + storeDir);
                previous = kv.key();
                batch.put(StoreKeySpace.dataKey(kv.key()), kv.value());
                count++;
                bytes += kv.key().length + kv.value().length + 16;
                if (bytes >= MAX_BATCH_BYTES) {
                    db.write(batch, noSync);
                    batch.close();
                    batch = db.createWriteBatch();
                    bytes = 0;
                }
            }
            batch.put(StoreKeySpace.appliedIndexKey(), StoreKeySpace.encodeIndex(appliedIndex));
            db.write(batch, new WriteOptions().sync(true));
            return count;
        } finally {
            batch.close();
        }
    }
}

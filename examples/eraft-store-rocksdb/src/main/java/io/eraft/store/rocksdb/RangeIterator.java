package io.eraft.store.rocksdb;

import io.eraft.api.spi.support.OpenResources;
import io.eraft.api.spi.support.StoreKeySpace;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.Keys;
import io.eraft.api.store.StoreClosedException;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * The user entries of a key range, read through a RocksDB iterator (which sees the consistent view taken when it
 * was created, or the snapshot it was given). Methods are synchronized so that closing the store from another
 * thread cannot free the native iterator under a running call.
 */
final class RangeIterator implements CloseableIterator<KeyValue>, OpenResources.Resource {
    private final Path storeDir;
    private final RocksIterator it;
    private final byte[] end;
    private final OpenResources owner;
    private final Runnable afterClose;
    private KeyValue next;
    private boolean exhausted;
    private boolean closed;

    /**
     * Takes ownership of {@code it} and registers with {@code owner}, which closes it if the iterator's user does
     * not; {@code afterClose} runs once, after the native iterator is closed.
     */
    RangeIterator(Path storeDir, RocksIterator it, KeyRange range, OpenResources owner, Runnable afterClose) {
        this.storeDir = storeDir;
        this.it = it;
        this.end = StoreKeySpace.end(range);
        this.owner = owner;
        this.afterClose = afterClose;
        owner.add(this);
        try {
            it.seek(StoreKeySpace.start(range));
        } catch (RuntimeException e) {
            close();
            throw RocksDbErrors.translate(storeDir, "seeking to " + range, e);
        }
    }

    @Override
    public synchronized boolean hasNext() {
        if (closed) {
            throw new StoreClosedException("rocksdb store " + storeDir + ": iterator used after it (or its store"
                    + " or snapshot) was closed");
        }
        if (next != null) {
            return true;
        }
        if (exhausted) {
            return false;
        }
        try {
            if (it.isValid()) {
                byte[] key = it.key();
                if (Keys.compare(key, end) < 0) {
                    next = new KeyValue(StoreKeySpace.userKey(key), it.value());
                    it.next();
                    return true;
                }
            }
            it.status();
        } catch (RocksDBException | RuntimeException e) {
            throw RocksDbErrors.translate(storeDir, "iterating", e);
        }
        exhausted = true;
        return false;
    }

    @Override
    public synchronized KeyValue next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        KeyValue kv = next;
        next = null;
        return kv;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            it.close();
        } finally {
            owner.remove(this);
            afterClose.run();
        }
    }
}

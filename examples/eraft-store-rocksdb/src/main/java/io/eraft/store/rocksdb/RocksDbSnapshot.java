package io.eraft.store.rocksdb;

import io.eraft.api.spi.support.OpenResources;
import io.eraft.api.spi.support.SharedHandle;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StoreClosedException;
import io.eraft.api.store.StoreSnapshot;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

import java.nio.file.Path;

/**
 * A RocksDB snapshot of one generation, with the applied index read through it. It holds a reference to the
 * generation, so an {@code installSnapshot} that replaces the generation meanwhile does not disturb it.
 */
final class RocksDbSnapshot implements StoreSnapshot, OpenResources.Resource {
    private final Path storeDir;
    private final SharedHandle<Database> generation;
    private final Snapshot snapshot;
    private final long appliedIndex;
    private final OpenResources owner;
    private final OpenResources iterators = new OpenResources();
    private boolean closed;

    /**
     * Takes over one reference to {@code generation} and the native {@code snapshot}, and registers with
     * {@code owner}, which closes the snapshot if its user does not.
     */
    RocksDbSnapshot(Path storeDir, SharedHandle<Database> generation, Snapshot snapshot, long appliedIndex,
                    OpenResources owner) {
        this.storeDir = storeDir;
        this.generation = generation;
        this.snapshot = snapshot;
        this.appliedIndex = appliedIndex;
        this.owner = owner;
        owner.add(this);
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public synchronized CloseableIterator<KeyValue> entries() {
        if (closed) {
            throw new StoreClosedException("rocksdb store " + storeDir + ": snapshot used after it was closed");
        }
        ReadOptions read = new ReadOptions().setSnapshot(snapshot).setFillCache(false);
        return new RangeIterator(storeDir, generation.get().db().newIterator(read), KeyRange.all(), iterators,
                read::close);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            iterators.closeAll();
            generation.get().db().releaseSnapshot(snapshot);
        } finally {
            generation.release();
            owner.remove(this);
        }
    }
}

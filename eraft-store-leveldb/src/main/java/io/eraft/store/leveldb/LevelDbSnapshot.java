package io.eraft.store.leveldb;

import io.eraft.api.spi.support.OpenResources;
import io.eraft.api.spi.support.SharedHandle;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StoreClosedException;
import io.eraft.api.store.StoreSnapshot;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A LevelDB snapshot of one generation, with the applied index read through it. It holds a reference to the
 * generation, so an {@code installSnapshot} that replaces the generation meanwhile does not disturb it.
 */
final class LevelDbSnapshot implements StoreSnapshot, OpenResources.Resource {
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
    LevelDbSnapshot(Path storeDir, SharedHandle<Database> generation, Snapshot snapshot, long appliedIndex,
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
            throw new StoreClosedException("leveldb store " + storeDir + ": snapshot used after it was closed");
        }
        ReadOptions read = new ReadOptions().snapshot(snapshot).fillCache(false);
        return new RangeIterator(storeDir, generation.get().db().iterator(read), KeyRange.all(), iterators, () -> { });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            iterators.closeAll();
            snapshot.close();
        } catch (IOException e) {
            throw new IllegalStateException("releasing a LevelDB snapshot of " + storeDir + " failed", e);
        } finally {
            generation.release();
            owner.remove(this);
        }
    }
}

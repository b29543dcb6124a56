package io.eraft.store.lmdb;

import io.eraft.api.spi.support.OpenResources;
import io.eraft.api.spi.support.SharedHandle;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StoreClosedException;
import io.eraft.api.store.StoreSnapshot;
import org.lmdbjava.Txn;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A point-in-time view: an LMDB read transaction kept open until {@link #close()}, with the applied index read in
 * it. Its iterators share the transaction and synchronize on this snapshot.
 */
final class LmdbSnapshot implements StoreSnapshot, OpenResources.Resource {
    private final Path storeDir;
    private final SharedHandle<Environment> environment;
    private final Txn<ByteBuffer> txn;
    private final KeySpace keys;
    private final long appliedIndex;
    private final OpenResources owner;
    private final Function<RuntimeException, RuntimeException> errors;
    private final OpenResources iterators = new OpenResources();
    private boolean closed;

    /**
     * Takes over one reference to {@code environment} and the read transaction {@code txn}, and registers with
     * {@code owner}, which closes the snapshot if its user does not.
     */
    LmdbSnapshot(Path storeDir, SharedHandle<Environment> environment, Txn<ByteBuffer> txn, KeySpace keys,
                 long appliedIndex, OpenResources owner, Function<RuntimeException, RuntimeException> errors) {
        this.storeDir = storeDir;
        this.environment = environment;
        this.txn = txn;
        this.keys = keys;
        this.appliedIndex = appliedIndex;
        this.owner = owner;
        this.errors = errors;
        owner.add(this);
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public synchronized CloseableIterator<KeyValue> entries() {
        if (closed) {
            throw new StoreClosedException("lmdb store " + storeDir + ": snapshot used after it was closed");
        }
        return new CursorIterator(storeDir, this, txn, environment.get().dbi(), keys, KeyRange.all(), iterators,
                () -> { }, errors);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            iterators.closeAll();
            txn.close();
        } finally {
            environment.release();
            owner.remove(this);
        }
    }
}

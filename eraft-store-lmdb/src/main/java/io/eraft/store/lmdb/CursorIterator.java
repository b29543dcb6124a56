package io.eraft.store.lmdb;

import io.eraft.api.spi.support.OpenResources;
import io.eraft.api.spi.support.StoreKeySpace;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.Keys;
import io.eraft.api.store.StoreClosedException;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The user entries of a key range, read with an LMDB cursor inside a read transaction (a consistent view). Keys and
 * values are copied out of the map before they are returned. All cursor use is synchronized on {@code monitor}
 * (the transaction's owner), since an LMDB transaction and its cursors must be used by one thread at a time and
 * closing the store from another thread must not free them under a running call.
 */
final class CursorIterator implements CloseableIterator<KeyValue>, OpenResources.Resource {
    private final Path storeDir;
    private final Object monitor;
    private final Cursor<ByteBuffer> cursor;
    private final byte[] end;
    private final OpenResources owner;
    private final Runnable afterClose;
    private final Function<RuntimeException, RuntimeException> errors;
    private boolean positioned;
    private KeyValue next;
    private boolean closed;

    /**
     * Opens a cursor in {@code txn} at the start of {@code range} and registers with {@code owner}, which closes
     * the iterator if its user does not; {@code afterClose} runs once, after the cursor is closed.
     */
    CursorIterator(Path storeDir, Object monitor, Txn<ByteBuffer> txn, Dbi<ByteBuffer> dbi, KeySpace keys,
                   KeyRange range, OpenResources owner, Runnable afterClose,
                   Function<RuntimeException, RuntimeException> errors) {
        this.storeDir = storeDir;
        this.monitor = monitor;
        this.end = StoreKeySpace.end(range);
        this.owner = owner;
        this.afterClose = afterClose;
        this.errors = errors;
        synchronized (monitor) {
            Cursor<ByteBuffer> c;
            try {
                c = dbi.openCursor(txn);
            } catch (RuntimeException e) {
                afterClose.run();
                throw errors.apply(e);
            }
            this.cursor = c;
            owner.add(this);
            try {
                positioned = cursor.get(keys.raw(StoreKeySpace.start(range)), GetOp.MDB_SET_RANGE);
            } catch (RuntimeException e) {
                close();
                throw errors.apply(e);
            }
        }
    }

    @Override
    public boolean hasNext() {
        synchronized (monitor) {
            if (closed) {
                throw new StoreClosedException("lmdb store " + storeDir + ": iterator used after it (or its store"
                        + " or snapshot) was closed");
            }
            if (next != null) {
                return true;
            }
            if (!positioned) {
                return false;
            }
            try {
                byte[] key = KeySpace.copy(cursor.key());
                if (Keys.compare(key, end) >= 0) {
                    positioned = false;
                    return false;
                }
                next = new KeyValue(StoreKeySpace.userKey(key), KeySpace.copy(cursor.val()));
                positioned = cursor.next();
                return true;
            } catch (RuntimeException e) {
                throw errors.apply(e);
            }
        }
    }

    @Override
    public KeyValue next() {
        synchronized (monitor) {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue kv = next;
            next = null;
            return kv;
        }
    }

    @Override
    public void close() {
        synchronized (monitor) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                cursor.close();
            } finally {
                owner.remove(this);
                afterClose.run();
            }
        }
    }
}

package io.eraft.store.lmdb;

import io.eraft.api.spi.support.OpenResources;
import io.eraft.api.spi.support.SharedHandle;
import io.eraft.api.spi.support.StoreDirectory;
import io.eraft.api.spi.support.StoreKeySpace;
import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyRange;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.Keys;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreClosedException;
import io.eraft.api.store.StoreException;
import io.eraft.api.store.StoreSnapshot;
import io.eraft.api.store.WriteBatch;
import org.lmdbjava.Dbi;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;

/**
 * A {@link StateMachineStore} on LMDB.
 *
 * <p>Every write is one LMDB write transaction, so a {@link WriteBatch} and its applied index commit atomically and
 * are exactly as durable as each other under every {@code sync} mode. APPEND reads the current value inside the
 * write transaction. Reads, scans and snapshots use read transactions (MVCC: consistent, never blocked by the
 * writer); values are copied out of the map before the transaction ends. {@link #installSnapshot} empties and
 * refills the database in a single write transaction, which LMDB commits atomically.
 */
final class LmdbStore implements StateMachineStore {
    static final String NAME = "lmdb";
    private static final String DATA_FILE = "data.mdb";

    private final StoreDirectory directory;
    private final Path dir;
    private final LmdbSettings settings;
    private final KeySpace keys;
    private final SharedHandle<Environment> environment;
    private final OpenResources resources = new OpenResources();
    private volatile long appliedIndex;
    private volatile boolean closed;

    private LmdbStore(StoreDirectory directory, LmdbSettings settings, Environment environment) {
        this.directory = directory;
        this.dir = directory.path();
        this.settings = settings;
        this.keys = new KeySpace(environment.env().getMaxKeySize());
        this.environment = new SharedHandle<>(environment, Environment::close);
    }

    /** Opens (creating if needed) the store in {@code requested}; see {@link LmdbStoreProvider#open}. */
    static LmdbStore open(Path requested, LmdbSettings settings) {
        StoreDirectory directory = StoreDirectory.open(NAME, requested);
        Environment environment;
        try {
            environment = Environment.open(directory.path(), settings);
        } catch (RuntimeException e) {
            directory.close();
            throw LmdbErrors.translate(directory.path(), settings, "opening", e);
        }
        LmdbStore store = new LmdbStore(directory, settings, environment);
        try {
            store.appliedIndex = store.readAppliedIndex();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private long readAppliedIndex() {
        SharedHandle<Environment> h = acquire();
        try (Txn<ByteBuffer> txn = h.get().env().txnRead()) {
            return appliedIndexIn(h.get(), txn);
        } catch (RuntimeException e) {
            throw error("reading the applied index", e);
        } finally {
            h.release();
        }
    }

    private long appliedIndexIn(Environment env, Txn<ByteBuffer> txn) {
        ByteBuffer v = env.dbi().get(txn, keys.appliedIndexKey());
        return StoreKeySpace.decodeIndex(v == null ? null : KeySpace.copy(v), "lmdb store " + dir);
    }

    @Override
    public String providerName() {
        return NAME;
    }

    @Override
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        SharedHandle<Environment> h = acquire();
        try (Txn<ByteBuffer> txn = h.get().env().txnRead()) {
            ByteBuffer v = h.get().dbi().get(txn, keys.dataKey(key, dir));
            return v == null ? null : KeySpace.copy(v);
        } catch (RuntimeException e) {
            throw error("get " + Keys.printable(key), e);
        } finally {
            h.release();
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        inWriteTxn("put " + Keys.printable(key), (dbi, txn) -> putValue(dbi, txn, key, value));
    }

    @Override
    public void append(byte[] key, byte[] suffix) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(suffix, "suffix");
        inWriteTxn("append to " + Keys.printable(key), (dbi, txn) -> appendValue(dbi, txn, key, suffix));
    }

    @Override
    public void delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        inWriteTxn("delete " + Keys.printable(key), (dbi, txn) -> dbi.delete(txn, keys.dataKey(key, dir)));
    }

    @Override
    public void write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ensureOpen();
        if (batch.isEmpty()) {
            return;
        }
        long index = batch.appliedIndexOrMinusOne();
        if (batch.hasAppliedIndex() && index < appliedIndex) {
            throw new StoreException("lmdb store " + dir + ": batch rejected, nothing written: its applied index "
                    + index + " is below the stored applied index " + appliedIndex);
        }
        inWriteTxn("writing a batch of " + batch.size() + " operations", (dbi, txn) -> {
            for (WriteBatch.Op op : batch.ops()) {
                switch (op.kind()) {
                    case PUT:
                        putValue(dbi, txn, op.key(), op.value());
                        break;
                    case APPEND:
                        appendValue(dbi, txn, op.key(), op.value());
                        break;
                    case DELETE:
                        dbi.delete(txn, keys.dataKey(op.key(), dir));
                        break;
                    default:
                        throw new IllegalStateException("unknown operation " + op.kind());
                }
            }
            if (batch.hasAppliedIndex()) {
                putAppliedIndex(dbi, txn, index);
            }
        });
        if (batch.hasAppliedIndex()) {
            appliedIndex = index;
        }
    }

    private void putValue(Dbi<ByteBuffer> dbi, Txn<ByteBuffer> txn, byte[] key, byte[] value) {
        dbi.reserve(txn, keys.dataKey(key, dir), value.length).put(value);
    }

    private void appendValue(Dbi<ByteBuffer> dbi, Txn<ByteBuffer> txn, byte[] key, byte[] suffix) {
        ByteBuffer k = keys.dataKey(key, dir);
        ByteBuffer stored = dbi.get(txn, k);
        byte[] current = stored == null ? new byte[0] : KeySpace.copy(stored);
        dbi.reserve(txn, k, current.length + suffix.length).put(current).put(suffix);
    }

    private void putAppliedIndex(Dbi<ByteBuffer> dbi, Txn<ByteBuffer> txn, long index) {
        dbi.reserve(txn, keys.appliedIndexKey(), Long.BYTES).put(StoreKeySpace.encodeIndex(index));
    }

    /** A write transaction around {@code body}: committed when it returns, aborted when it throws. */
    private void inWriteTxn(String action, WriteBody body) {
        SharedHandle<Environment> h = acquire();
        try (Txn<ByteBuffer> txn = h.get().env().txnWrite()) {
            body.write(h.get().dbi(), txn);
            txn.commit();
        } catch (RuntimeException e) {
            throw error(action, e);
        } finally {
            h.release();
        }
    }

    /** What a write transaction does. */
    @FunctionalInterface
    private interface WriteBody {
        void write(Dbi<ByteBuffer> dbi, Txn<ByteBuffer> txn);
    }

    @Override
    public long appliedIndex() {
        ensureOpen();
        return appliedIndex;
    }

    @Override
    public CloseableIterator<KeyValue> scan(KeyRange range) {
        Objects.requireNonNull(range, "range");
        SharedHandle<Environment> h = acquire();
        Txn<ByteBuffer> txn;
        try {
            txn = h.get().env().txnRead();
        } catch (RuntimeException e) {
            h.release();
            throw error("scanning " + range, e);
        }
        Object monitor = new Object();
        return new CursorIterator(dir, monitor, txn, h.get().dbi(), keys, range, resources, () -> {
            try {
                txn.close();
            } finally {
                h.release();
            }
        }, e -> error("scanning " + range, e));
    }

    @Override
    public StoreSnapshot snapshot() {
        SharedHandle<Environment> h = acquire();
        Txn<ByteBuffer> txn = null;
        try {
            txn = h.get().env().txnRead();
            long index = appliedIndexIn(h.get(), txn);
            return new LmdbSnapshot(dir, h, txn, keys, index, resources, e -> error("reading a snapshot", e));
        } catch (RuntimeException e) {
            try {
                if (txn != null) {
                    txn.close();
                }
            } finally {
                h.release();
            }
            throw error("taking a snapshot", e);
        }
    }

    @Override
    public void installSnapshot(long newAppliedIndex, Iterator<KeyValue> entries) {
        if (newAppliedIndex < 0) {
            throw new StoreException("lmdb store " + dir + ": installSnapshot needs an applied index >= 0, got "
                    + newAppliedIndex);
        }
        Objects.requireNonNull(entries, "entries");
        inWriteTxn("installing a snapshot (the previous contents are kept)", (dbi, txn) -> {
            dbi.drop(txn);
            putAppliedIndex(dbi, txn, newAppliedIndex);
            byte[] previous = null;
            while (true) {
                KeyValue kv;
                try {
                    if (!entries.hasNext()) {
                        break;
                    }
                    kv = entries.next();
                } catch (StoreException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new StoreException("lmdb store " + dir + ": installSnapshot aborted while reading its "
                            + "entries; the previous contents are kept: " + e, e);
                }
                StoreKeySpace.requireIncreasing(previous, kv.key(), "lmdb store " + dir);
                previous = kv.key();
                dbi.reserve(txn, keys.dataKey(kv.key(), dir), kv.value().length, PutFlags.MDB_APPEND)
                        .put(kv.value());
            }
        });
        appliedIndex = newAppliedIndex;
    }

    @Override
    public void sync() {
        SharedHandle<Environment> h = acquire();
        try {
            h.get().env().sync(true);
        } catch (RuntimeException e) {
            throw error("syncing", e);
        } finally {
            h.release();
        }
    }

    @Override
    public long approximateSize() {
        ensureOpen();
        try {
            return Files.size(dir.resolve(DATA_FILE));
        } catch (IOException e) {
            throw new StoreException("lmdb store " + dir + ": cannot read the size of " + DATA_FILE + ": " + e, e);
        }
    }

    /** Closes every iterator and snapshot still open, then the environment, then releases the directory lock. */
    @Override
    public void close() {
        synchronized (resources) {
            if (closed) {
                return;
            }
            closed = true;
        }
        resources.closeAll();
        environment.retire(directory::close);
    }

    @Override
    public String toString() {
        return "lmdb store " + dir + " " + settings;
    }

    private StoreException error(String action, RuntimeException e) {
        return LmdbErrors.translate(dir, settings, action, e);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException("lmdb store " + dir + " is closed");
        }
    }

    /** A reference to the environment; the caller releases it. */
    private SharedHandle<Environment> acquire() {
        ensureOpen();
        if (!environment.tryAcquire()) {
            throw new StoreClosedException("lmdb store " + dir + " is closed");
        }
        return environment;
    }
}

package io.eraft.store.rocksdb;

import io.eraft.api.spi.support.PendingValues;
import io.eraft.api.spi.support.StoreGenerations;
import io.eraft.api.spi.support.FileOps;
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
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StateMachineStore} on RocksDB.
 *
 * <p>User keys live behind a one-byte namespace and the applied index under a metadata key (see {@link StoreKeySpace});
 * a {@link WriteBatch} and its applied index go into one RocksDB write batch, so they are exactly as durable as each
 * other whatever the {@code sync-writes} option. APPEND is a read-modify-write, which relies on the single writer
 * thread the SPI prescribes. {@link #installSnapshot} builds a new database generation beside the live one and
 * switches to it with an atomic pointer rename (see {@link StoreGenerations}); readers that started on the old generation
 * keep it until they close.
 */
final class RocksDbStore implements StateMachineStore {
    static final String NAME = "rocksdb";

    private final StoreDirectory directory;
    private final Path dir;
    private final RocksDbSettings settings;
    private final WriteOptions writeOptions;
    private final StoreGenerations generations;
    private final OpenResources resources = new OpenResources();
    private final Object lifecycle = new Object();
    private volatile SharedHandle<Database> current;
    private volatile long appliedIndex;
    private volatile boolean closed;

    private RocksDbStore(StoreDirectory directory, RocksDbSettings settings, StoreGenerations generations, Database db,
                         long appliedIndex) {
        this.directory = directory;
        this.dir = directory.path();
        this.settings = settings;
        this.writeOptions = settings.writeOptions();
        this.generations = generations;
        this.current = new SharedHandle<>(db, Database::close);
        this.appliedIndex = appliedIndex;
    }

    /** Opens (creating if needed) the store in {@code requested}; see {@link RocksDbStoreProvider#open}. */
    static RocksDbStore open(Path requested, RocksDbSettings settings) {
        StoreDirectory directory = StoreDirectory.open(NAME, requested);
        Path dir = directory.path();
        try {
            StoreGenerations generations = new StoreGenerations(dir, NAME);
            Optional<String> live = generations.live();
            Database db;
            if (live.isPresent()) {
                generations.deleteAllBut(live.get());
                db = Database.open(live.get(), generations.path(live.get()), settings, false, dir);
            } else {
                generations.deleteAllBut(null);
                String first = StoreGenerations.first();
                db = Database.open(first, generations.path(first), settings, true, dir);
            }
            try {
                if (live.isEmpty()) {
                    generations.publish(db.name());
                    generations.syncPointer();
                }
                long index = StoreKeySpace.decodeIndex(db.db().get(StoreKeySpace.appliedIndexKey()),
                        "rocksdb store " + dir);
                return new RocksDbStore(directory, settings, generations, db, index);
            } catch (RocksDBException | RuntimeException e) {
                db.close();
                throw e instanceof RuntimeException ? (RuntimeException) e
                        : RocksDbErrors.translate(dir, "reading the applied index", e);
            }
        } catch (RuntimeException e) {
            directory.close();
            throw e instanceof StoreException ? e : RocksDbErrors.translate(dir, "opening", e);
        }
    }

    @Override
    public String providerName() {
        return NAME;
    }

    @Override
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        SharedHandle<Database> g = acquire();
        try {
            return g.get().db().get(StoreKeySpace.dataKey(key));
        } catch (RocksDBException | RuntimeException e) {
            throw RocksDbErrors.translate(dir, "get " + Keys.printable(key), e);
        } finally {
            g.release();
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        SharedHandle<Database> g = acquire();
        try {
            g.get().db().put(writeOptions, StoreKeySpace.dataKey(key), value);
        } catch (RocksDBException | RuntimeException e) {
            throw RocksDbErrors.translate(dir, "put " + Keys.printable(key), e);
        } finally {
            g.release();
        }
    }

    @Override
    public void append(byte[] key, byte[] suffix) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(suffix, "suffix");
        SharedHandle<Database> g = acquire();
        try {
            RocksDB db = g.get().db();
            byte[] k = StoreKeySpace.dataKey(key);
            db.put(writeOptions, k, PendingValues.concat(db.get(k), suffix));
        } catch (RocksDBException | RuntimeException e) {
            throw RocksDbErrors.translate(dir, "append to " + Keys.printable(key), e);
        } finally {
            g.release();
        }
    }

    @Override
    public void delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        SharedHandle<Database> g = acquire();
        try {
            g.get().db().delete(writeOptions, StoreKeySpace.dataKey(key));
        } catch (RocksDBException | RuntimeException e) {
            throw RocksDbErrors.translate(dir, "delete " + Keys.printable(key), e);
        } finally {
            g.release();
        }
    }

    @Override
    public void write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        SharedHandle<Database> g = acquire();
        try {
            if (batch.isEmpty()) {
                return;
            }
            long index = batch.appliedIndexOrMinusOne();
            if (batch.hasAppliedIndex() && index < appliedIndex) {
                throw new StoreException("rocksdb store " + dir + ": batch rejected, nothing written: its applied "
                        + "index " + index + " is below the stored applied index " + appliedIndex);
            }
            RocksDB db = g.get().db();
            try (org.rocksdb.WriteBatch nativeBatch = new org.rocksdb.WriteBatch()) {
                stage(db, batch, nativeBatch);
                if (batch.hasAppliedIndex()) {
                    nativeBatch.put(StoreKeySpace.appliedIndexKey(), StoreKeySpace.encodeIndex(index));
                }
                db.write(writeOptions, nativeBatch);
            }
            if (batch.hasAppliedIndex()) {
                appliedIndex = index;
            }
        } catch (StoreException e) {
            throw e;
        } catch (RocksDBException | RuntimeException e) {
            throw RocksDbErrors.translate(dir, "writing a batch of " + batch.size() + " operations", e);
        } finally {
            g.release();
        }
    }

    /** Adds the batch's operations to {@code out}; APPENDs read through the values written earlier in it. */
    private void stage(RocksDB db, WriteBatch batch, org.rocksdb.WriteBatch out) throws RocksDBException {
        boolean appends = batch.ops().stream().anyMatch(op -> op.kind() == WriteBatch.Kind.APPEND);
        PendingValues pending = appends ? new PendingValues() : null;
        for (WriteBatch.Op op : batch.ops()) {
            byte[] k = StoreKeySpace.dataKey(op.key());
            switch (op.kind()) {
                case PUT:
                    out.put(k, op.value());
                    if (appends) {
                        pending.put(k, op.value());
                    }
                    break;
                case APPEND:
                    byte[] v = PendingValues.concat(pending.current(k, stored -> read(db, stored)), op.value());
                    out.put(k, v);
                    pending.put(k, v);
                    break;
                case DELETE:
                    out.delete(k);
                    if (appends) {
                        pending.delete(k);
                    }
                    break;
                default:
                    throw new IllegalStateException("unknown operation " + op.kind());
            }
        }
    }

    /** Reads a stored value for a batch being staged; RocksDB's error becomes the store's exception. */
    private byte[] read(RocksDB db, byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw RocksDbErrors.translate(dir, "reading " + Keys.printable(key) + " for an append", e);
        }
    }

    @Override
    public long appliedIndex() {
        ensureOpen();
        return appliedIndex;
    }

    @Override
    public CloseableIterator<KeyValue> scan(KeyRange range) {
        Objects.requireNonNull(range, "range");
        SharedHandle<Database> g = acquire();
        RocksIterator it;
        try {
            it = g.get().db().newIterator();
        } catch (RuntimeException e) {
            g.release();
            throw RocksDbErrors.translate(dir, "scanning " + range, e);
        }
        return new RangeIterator(dir, it, range, resources, g::release);
    }

    @Override
    public StoreSnapshot snapshot() {
        SharedHandle<Database> g = acquire();
        Snapshot snapshot = null;
        try {
            RocksDB db = g.get().db();
            snapshot = db.getSnapshot();
            byte[] stored;
            try (ReadOptions read = new ReadOptions().setSnapshot(snapshot)) {
                stored = db.get(read, StoreKeySpace.appliedIndexKey());
            }
            long index = StoreKeySpace.decodeIndex(stored, "rocksdb store " + dir);
            return new RocksDbSnapshot(dir, g, snapshot, index, resources);
        } catch (RocksDBException | RuntimeException e) {
            try {
                if (snapshot != null) {
                    g.get().db().releaseSnapshot(snapshot);
                }
            } finally {
                g.release();
            }
            throw e instanceof StoreException ? (StoreException) e
                    : RocksDbErrors.translate(dir, "taking a snapshot", e);
        }
    }

    @Override
    public void installSnapshot(long newAppliedIndex, Iterator<KeyValue> entries) {
        if (newAppliedIndex < 0) {
            throw new StoreException("rocksdb store " + dir + ": installSnapshot needs an applied index >= 0, got "
                    + newAppliedIndex);
        }
        Objects.requireNonNull(entries, "entries");
        ensureOpen();
        String nextName = StoreGenerations.next(current.get().name());
        Path nextPath = generations.path(nextName);
        generations.delete(nextPath);
        Database next = Database.open(nextName, nextPath, settings, true, dir);
        try {
            SnapshotLoader.load(dir, next.db(), newAppliedIndex, entries);
            synchronized (lifecycle) {
                ensureOpen();
                generations.publish(nextName);
                SharedHandle<Database> old = current;
                current = new SharedHandle<>(next, Database::close);
                appliedIndex = newAppliedIndex;
                old.retire(() -> deleteQuietly(old.get().path()));
            }
        } catch (RocksDBException | RuntimeException e) {
            // publish() either switched nothing or threw nothing, so the live generation is still the old one.
            next.close();
            deleteQuietly(nextPath);
            if (e instanceof StoreException) {
                throw (StoreException) e;
            }
            if (e instanceof RocksDBException) {
                throw RocksDbErrors.translate(dir, "installing a snapshot (the previous contents are kept)", e);
            }
            throw new StoreException("rocksdb store " + dir + ": installSnapshot aborted while reading its entries;"
                    + " the previous contents are kept: " + e, e);
        }
        generations.syncPointer();
    }

    private void deleteQuietly(Path generation) {
        try {
            FileOps.deleteRecursively(generation);
        } catch (IOException ignored) {
            // a leftover generation is deleted on the next open
        }
    }

    /** Syncs RocksDB's log with an empty synced write; a no-op when {@code sync-writes} already syncs each write. */
    @Override
    public void sync() {
        if (writeOptions.sync()) {
            ensureOpen();
            return;
        }
        SharedHandle<Database> g = acquire();
        try (org.rocksdb.WriteBatch empty = new org.rocksdb.WriteBatch();
             WriteOptions synced = new WriteOptions().setSync(true)) {
            g.get().db().write(synced, empty);
        } catch (RocksDBException | RuntimeException e) {
            throw RocksDbErrors.translate(dir, "syncing", e);
        } finally {
            g.release();
        }
    }

    @Override
    public long approximateSize() {
        SharedHandle<Database> g = acquire();
        try {
            return FileOps.sizeOf(g.get().path());
        } catch (IOException e) {
            throw RocksDbErrors.translate(dir, "measuring the size", e);
        } finally {
            g.release();
        }
    }

    /** Closes every iterator and snapshot still open, then the database, then releases the directory lock. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        resources.closeAll();
        current.retire(() -> {
            writeOptions.close();
            directory.close();
        });
    }

    @Override
    public String toString() {
        return "rocksdb store " + dir + " " + settings;
    }

    private void ensureOpen() {
        if (closed) {
            throw closedError();
        }
    }

    private StoreClosedException closedError() {
        return new StoreClosedException("rocksdb store " + dir + " is closed");
    }

    /** A reference to the live generation; the caller releases it. */
    private SharedHandle<Database> acquire() {
        while (true) {
            SharedHandle<Database> g = current;
            if (closed) {
                throw closedError();
            }
            if (g.tryAcquire()) {
                return g;
            }
            Thread.onSpinWait();
        }
    }
}

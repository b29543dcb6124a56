package io.eraft.store.leveldb;

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
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.WriteOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StateMachineStore} on LevelDB.
 *
 * <p>User keys live behind a one-byte namespace and the applied index under a metadata key (see {@link StoreKeySpace});
 * a {@link WriteBatch} and its applied index go into one LevelDB write batch, so they are exactly as durable as each
 * other whatever the {@code sync-writes} option. APPEND is a read-modify-write, which relies on the single writer
 * thread the SPI prescribes. {@link #installSnapshot} builds a new database generation beside the live one and
 * switches to it with an atomic pointer rename (see {@link StoreGenerations}); readers that started on the old generation
 * keep it until they close.
 */
final class LevelDbStore implements StateMachineStore {
    static final String NAME = "leveldb";

    private final StoreDirectory directory;
    private final Path dir;
    private final LevelDbSettings settings;
    private final WriteOptions writeOptions;
    private final StoreGenerations generations;
    private final OpenResources resources = new OpenResources();
    private final Object lifecycle = new Object();
    private volatile SharedHandle<Database> current;
    private volatile long appliedIndex;
    private volatile boolean closed;

    private LevelDbStore(StoreDirectory directory, LevelDbSettings settings, StoreGenerations generations, Database db,
                         long appliedIndex) {
        this.directory = directory;
        this.dir = directory.path();
        this.settings = settings;
        this.writeOptions = settings.writeOptions();
        this.generations = generations;
        this.current = new SharedHandle<>(db, Database::close);
        this.appliedIndex = appliedIndex;
    }

    /** Opens (creating if needed) the store in {@code requested}; see {@link LevelDbStoreProvider#open}. */
    static LevelDbStore open(Path requested, LevelDbSettings settings) {
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
                        "leveldb store " + dir);
                return new LevelDbStore(directory, settings, generations, db, index);
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
        } catch (RuntimeException e) {
            directory.close();
            throw e instanceof StoreException ? e : LevelDbErrors.translate(dir, "opening", e);
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
        } catch (RuntimeException e) {
            throw LevelDbErrors.translate(dir, "get " + Keys.printable(key), e);
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
            g.get().db().put(StoreKeySpace.dataKey(key), value, writeOptions);
        } catch (RuntimeException e) {
            throw LevelDbErrors.translate(dir, "put " + Keys.printable(key), e);
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
            DB db = g.get().db();
            byte[] k = StoreKeySpace.dataKey(key);
            db.put(k, PendingValues.concat(db.get(k), suffix), writeOptions);
        } catch (RuntimeException e) {
            throw LevelDbErrors.translate(dir, "append to " + Keys.printable(key), e);
        } finally {
            g.release();
        }
    }

    @Override
    public void delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        SharedHandle<Database> g = acquire();
        try {
            g.get().db().delete(StoreKeySpace.dataKey(key), writeOptions);
        } catch (RuntimeException e) {
            throw LevelDbErrors.translate(dir, "delete " + Keys.printable(key), e);
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
                throw new StoreException("leveldb store " + dir + ": batch rejected, nothing written: its applied "
                        + "index " + index + " is below the stored applied index " + appliedIndex);
            }
            DB db = g.get().db();
            try (org.iq80.leveldb.WriteBatch nativeBatch = db.createWriteBatch()) {
                stage(db, batch, nativeBatch);
                if (batch.hasAppliedIndex()) {
                    nativeBatch.put(StoreKeySpace.appliedIndexKey(), StoreKeySpace.encodeIndex(index));
                }
                db.write(nativeBatch, writeOptions);
            }
            if (batch.hasAppliedIndex()) {
                appliedIndex = index;
            }
        } catch (StoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw LevelDbErrors.translate(dir, "writing a batch of " + batch.size() + " operations", e);
        } finally {
            g.release();
        }
    }

    /** Adds the batch's operations to {@code out}; APPENDs read through the values written earlier in it. */
    private static void stage(DB db, WriteBatch batch, org.iq80.leveldb.WriteBatch out) {
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
                    byte[] v = PendingValues.concat(pending.current(k, db::get), op.value());
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

    @Override
    public long appliedIndex() {
        ensureOpen();
        return appliedIndex;
    }

    @Override
    public CloseableIterator<KeyValue> scan(KeyRange range) {
        Objects.requireNonNull(range, "range");
        SharedHandle<Database> g = acquire();
        DBIterator it;
        try {
            it = g.get().db().iterator(new ReadOptions());
        } catch (RuntimeException e) {
            g.release();
            throw LevelDbErrors.translate(dir, "scanning " + range, e);
        }
        return new RangeIterator(dir, it, range, resources, g::release);
    }

    @Override
    public StoreSnapshot snapshot() {
        SharedHandle<Database> g = acquire();
        Snapshot snapshot = null;
        try {
            DB db = g.get().db();
            snapshot = db.getSnapshot();
            byte[] stored = db.get(StoreKeySpace.appliedIndexKey(), new ReadOptions().snapshot(snapshot));
            long index = StoreKeySpace.decodeIndex(stored, "leveldb store " + dir);
            return new LevelDbSnapshot(dir, g, snapshot, index, resources);
        } catch (RuntimeException e) {
            try {
                if (snapshot != null) {
                    snapshot.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            } finally {
                g.release();
            }
            throw e instanceof StoreException ? e : LevelDbErrors.translate(dir, "taking a snapshot", e);
        }
    }

    @Override
    public void installSnapshot(long newAppliedIndex, Iterator<KeyValue> entries) {
        if (newAppliedIndex < 0) {
            throw new StoreException("leveldb store " + dir + ": installSnapshot needs an applied index >= 0, got "
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
        } catch (IOException | RuntimeException e) {
            // publish() either switched nothing or threw nothing, so the live generation is still the old one.
            next.close();
            deleteQuietly(nextPath);
            if (e instanceof StoreException) {
                throw (StoreException) e;
            }
            if (e instanceof org.iq80.leveldb.DBException || e instanceof IOException) {
                throw LevelDbErrors.translate(dir, "installing a snapshot (the previous contents are kept)", e);
            }
            throw new StoreException("leveldb store " + dir + ": installSnapshot aborted while reading its entries;"
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

    /** Syncs LevelDB's log with an empty synced write; a no-op when {@code sync-writes} already syncs each write. */
    @Override
    public void sync() {
        if (writeOptions.sync()) {
            ensureOpen();
            return;
        }
        SharedHandle<Database> g = acquire();
        try (org.iq80.leveldb.WriteBatch empty = g.get().db().createWriteBatch()) {
            g.get().db().write(empty, new WriteOptions().sync(true));
        } catch (IOException | RuntimeException e) {
            throw LevelDbErrors.translate(dir, "syncing", e);
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
            throw LevelDbErrors.translate(dir, "measuring the size", e);
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
        current.retire(directory::close);
    }

    @Override
    public String toString() {
        return "leveldb store " + dir + " " + settings;
    }

    private void ensureOpen() {
        if (closed) {
            throw closedError();
        }
    }

    private StoreClosedException closedError() {
        return new StoreClosedException("leveldb store " + dir + " is closed");
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

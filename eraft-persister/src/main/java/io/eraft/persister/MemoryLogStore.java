package io.eraft.persister;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.LogStoreStats;
import io.eraft.api.log.SnapshotMeta;
import io.eraft.persister.core.GroupCommitQueue;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A Raft log held in memory, for simulating crashes and restarts. Writes are visible at once; a background syncer
 * makes them "durable" in batches (group commit into the {@link MemoryLogStoreProvider}'s registry, after the
 * configured {@code sync-delay-micros}) and then completes their futures. {@link #crash()} throws away whatever was
 * not synced yet; reopening the same directory gives back exactly what was.
 */
public final class MemoryLogStore implements LogStore {
    private final Path key;
    private final DurableMemoryLog durable;
    private final long syncDelayMicros;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final MemoryLogState working;
    private final GroupCommitQueue<MemoryOp> queue;
    private final AtomicLong entriesSynced = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong bytesSynced = new AtomicLong();
    private boolean closed;

    MemoryLogStore(Path key, DurableMemoryLog durable, long syncDelayMicros, ThreadFactory syncerThreads) {
        this.key = key;
        this.durable = durable;
        this.syncDelayMicros = syncDelayMicros;
        this.working = durable.open(this);
        this.queue = new GroupCommitQueue<>("memory:" + key, syncerThreads, this::sync);
    }

    private void sync(List<MemoryOp> batch) throws InterruptedException {
        if (syncDelayMicros > 0) {
            TimeUnit.MICROSECONDS.sleep(syncDelayMicros);
        }
        durable.sync(this, batch);
        long entries = 0;
        long bytes = 0;
        for (MemoryOp op : batch) {
            if (op instanceof MemoryOp.Append a) {
                entries += a.entries().size();
                for (LogEntry e : a.entries()) {
                    bytes += e.sizeInBytes();
                }
            }
        }
        entriesSynced.addAndGet(entries);
        bytesSynced.addAndGet(bytes);
        syncs.incrementAndGet();
    }

    /**
     * Simulates a crash of the process: closes this store at once without syncing. Writes not yet synced are lost
     * and their futures fail; what was synced is what a reopen of the same directory gets back.
     */
    public void crash() {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
        durable.release(this);
        queue.abort(new LogStoreException("memory log " + key + " crashed before this write was synced"));
    }

    @Override
    public HardState hardState() {
        return read(() -> working.hardState());
    }

    @Override
    public CompletableFuture<Void> saveHardState(HardState state) {
        Objects.requireNonNull(state, "state");
        return write(new MemoryOp.SaveHardState(state), null);
    }

    @Override
    public CompletableFuture<Long> append(List<LogEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        lock.writeLock().lock();
        try {
            LogStoreException refusal = refusal();
            if (refusal != null) {
                return CompletableFuture.failedFuture(refusal);
            }
            MemoryOp op = new MemoryOp.Append(List.copyOf(entries));
            working.apply(op);
            return queue.submit(op, working.table().lastIndex());
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public CompletableFuture<Void> compact(SnapshotMeta meta) {
        Objects.requireNonNull(meta, "meta");
        return write(new MemoryOp.Compact(meta), null);
    }

    @Override
    public CompletableFuture<Void> reset(SnapshotMeta meta) {
        Objects.requireNonNull(meta, "meta");
        return write(new MemoryOp.Reset(meta), null);
    }

    private CompletableFuture<Void> write(MemoryOp op, Void result) {
        lock.writeLock().lock();
        try {
            LogStoreException refusal = refusal();
            if (refusal != null) {
                return CompletableFuture.failedFuture(refusal);
            }
            working.apply(op);
            return queue.submit(op, result);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public SnapshotMeta snapshotMeta() {
        return read(() -> working.table().snapshot());
    }

    @Override
    public long firstIndex() {
        return read(() -> working.table().firstIndex());
    }

    @Override
    public long lastIndex() {
        return read(() -> working.table().lastIndex());
    }

    @Override
    public long term(long index) {
        return read(() -> working.table().term(index));
    }

    @Override
    public List<LogEntry> entries(long fromIndex, long toIndex, long maxBytes) {
        return read(() -> List.copyOf(working.table().slice(fromIndex, toIndex, maxBytes, LogEntry::sizeInBytes)));
    }

    /** {@link LogEntry#sizeInBytes()} summed over the held entries. */
    @Override
    public long sizeInBytes() {
        return read(working::bytes);
    }

    /** Entries and bytes synced, and syncs (batches), since open. */
    @Override
    public LogStoreStats stats() {
        return new LogStoreStats(entriesSynced.get(), syncs.get(), bytesSynced.get());
    }

    /** Syncs every pending write, then closes; a reopen of the same directory gets everything back. */
    @Override
    public void close() {
        queue.close();
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
        durable.release(this);
    }

    @Override
    public String toString() {
        return "MemoryLogStore[" + key + "]";
    }

    private <T> T read(java.util.function.Supplier<T> reader) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new LogStoreException("memory log " + key + " is closed");
            }
            return reader.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private LogStoreException refusal() {
        if (closed) {
            return new LogStoreException("memory log " + key + " is closed");
        }
        return queue.refusal();
    }
}

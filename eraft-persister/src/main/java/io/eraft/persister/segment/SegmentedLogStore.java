package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogCorruptedException;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.LogStoreStats;
import io.eraft.api.log.SnapshotMeta;
import io.eraft.api.metrics.Metrics;
import io.eraft.persister.core.GroupCommitQueue;
import io.eraft.persister.core.LogTable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The durable Raft log in segment files (see {@link RecordFormat}; the snapshot point lives in {@link MetaFile}, the
 * hard state in {@link HardStateFiles}).
 *
 * <p>Each mutating call, under the write lock, updates the in-memory index at once (so reads see it), plans its disk
 * work ({@link SegmentLayout}) and queues it; the single {@link SegmentWriter} thread carries out everything queued
 * with one fsync and completes the futures in order ({@link GroupCommitQueue}). Reads take the read lock and serve
 * entries from the {@link EntryCache}, or with a positional read of their segment once written and evicted.
 *
 * <p>A failed write fails the store: its future, everything queued and every later write fail with the same
 * {@link LogStoreException} ({@link io.eraft.api.log.LogNoSpaceException} when the disk is full). A failed fsync is
 * never retried ({@link FailStopDisk}). Reads after {@link #close()} throw {@link LogStoreException}.
 * <p>Internal: the segmented log behind its provider; io.eraft.persister does not export it.
 */
public final class SegmentedLogStore implements LogStore {

    /**
     * How a segmented log works.
     *
     * @param fsync        whether writes are fsynced before their futures complete (off: durable only against a
     *                     process crash, not a machine crash)
     * @param segmentBytes size at which a new segment is started
     * @param cacheBytes   entries kept in memory beyond those not yet written, in {@link LogEntry#sizeInBytes()}
     */
    public record Settings(boolean fsync, long segmentBytes, long cacheBytes) {
        public Settings {
            if (segmentBytes < 1) {
                throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
            }
            if (cacheBytes < 0) {
                throw new IllegalArgumentException("cacheBytes must be >= 0: " + cacheBytes);
            }
        }
    }

    private final String name;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final LogTable<Slot> table;
    private final SegmentLayout layout;
    private final EntryCache cache;
    private final SegmentFiles files;
    private final FailStopDisk disk;
    private final SegmentWriter writer;
    private final GroupCommitQueue<WriteBatch> queue;
    private final DirectoryLock directoryLock;
    private HardState hardState;
    private long seq;
    private boolean closed;

    private SegmentedLogStore(Path directory, Settings settings, DirectoryLock directoryLock, FailStopDisk disk,
                              SegmentFiles files, SegmentRecovery.Recovered recovered, ThreadFactory writerThreads) {
        this.name = directory.toString();
        this.directoryLock = directoryLock;
        this.disk = disk;
        this.files = files;
        this.table = recovered.table();
        this.layout = recovered.layout();
        this.hardState = recovered.hardState();
        this.cache = new EntryCache(settings.cacheBytes(), table.firstIndex());
        this.writer = new SegmentWriter(files, recovered.hardStates(), settings.fsync());
        this.queue = new GroupCommitQueue<>(name, writerThreads, writer);
    }

    /**
     * Opens (creating if needed) and recovers the log in {@code directory}.
     *
     * @param writerThreads makes the background writer thread
     * @throws io.eraft.api.log.LogCorruptedException if a record before the tail is damaged
     * @throws LogStoreException                      if the directory is open elsewhere or cannot be used
     */
    public static SegmentedLogStore open(Path directory, Settings settings, ThreadFactory writerThreads) {
        return open(directory, settings, writerThreads, Disk.local());
    }

    /** {@link #open(Path, Settings, ThreadFactory)} on {@code disk} (tests give one that fails). */
    static SegmentedLogStore open(Path directory, Settings settings, ThreadFactory writerThreads, Disk disk) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new LogStoreException("cannot create log directory " + directory + ": " + e, e);
        }
        DirectoryLock directoryLock = DirectoryLock.acquire(directory);
        FailStopDisk failStop = new FailStopDisk(disk);
        SegmentFiles files = new SegmentFiles(directory, failStop);
        SegmentedLogStore store;
        try {
            SegmentRecovery.Recovered recovered = SegmentRecovery.recover(files, settings.segmentBytes(),
                    settings.fsync());
            store = new SegmentedLogStore(directory, settings, directoryLock, failStop, files, recovered,
                    writerThreads);
        } catch (IOException | RuntimeException e) {
            files.close();
            directoryLock.close();
            if (e instanceof LogStoreException l) {
                throw l;
            }
            throw new LogStoreException("cannot open the log in " + directory + ": " + e, e);
        }
        store.startSegmentIfNeeded();
        return store;
    }

    /**
     * Starts a segment if there is none, or if new entries would go into a segment of an older version (so that an
     * older version, which would read its hard state from the segments, refuses the log rather than forget a vote).
     */
    /**
     * Repairs the damaged log in {@code directory} (see {@link LogRepair}).
     *
     * @return the report
     * @throws LogStoreException if it cannot be repaired or is open
     */
    public static String repair(Path directory) {
        return LogRepair.repair(directory, Disk.local());
    }

    private void startSegmentIfNeeded() {
        CompletableFuture<Void> started;
        lock.writeLock().lock();
        try {
            if (!layout.isEmpty() && !layout.activeIsLegacy()) {
                return;
            }
            List<WriteOp> ops = new ArrayList<>();
            layout.startSegment(table.lastIndex() + 1, false, ops);
            started = submit(nextCall(), ops, null);
        } finally {
            lock.writeLock().unlock();
        }
        try {
            started.join();
        } catch (CompletionException e) {
            close();
            throw new LogStoreException("cannot start a segment of the log in " + name + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public HardState hardState() {
        return readOpen(() -> hardState);
    }

    @Override
    public CompletableFuture<Void> saveHardState(HardState state) {
        Objects.requireNonNull(state, "state");
        return mutate(() -> {
            hardState = state;
            return submit(nextCall(), List.of(new WriteOp.SaveHardState(state)), null);
        });
    }

    @Override
    public CompletableFuture<Long> append(List<LogEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        return mutate(() -> {
            table.checkAppend(entries);
            long call = nextCall();
            List<WriteOp> ops = new ArrayList<>();
            if (!entries.isEmpty()) {
                long first = entries.get(0).index();
                if (first <= table.lastIndex()) {
                    truncateFrom(first, ops);
                }
                for (Slot slot : layout.placeEntries(entries, call, ops)) {
                    table.add(slot);
                    cache.added(slot);
                }
                cache.evict(table, writer.writtenSeq());
            }
            return submit(call, ops, table.lastIndex());
        });
    }

    private void truncateFrom(long first, List<WriteOp> ops) {
        Slot at = table.get(first);
        boolean keepsEntries = first > table.firstIndex() && table.get(first - 1).segment == at.segment;
        layout.truncate(at, keepsEntries, ops);
        cache.truncated(first, table.truncateFrom(first));
    }

    @Override
    public CompletableFuture<Void> compact(SnapshotMeta meta) {
        Objects.requireNonNull(meta, "meta");
        return mutate(() -> {
            table.checkCompact(meta);
            List<WriteOp> ops = new ArrayList<>();
            if (meta.index() > table.snapshot().index()) {
                long firstSegment = meta.index() < table.lastIndex() ? table.get(meta.index() + 1).segment
                        : layout.active();
                cache.beforeCompact(table, meta.index());
                table.compact(meta);
                layout.commitSnapshot(meta, firstSegment, ops);
            }
            return submit(nextCall(), ops, null);
        });
    }

    @Override
    public CompletableFuture<Void> reset(SnapshotMeta meta) {
        Objects.requireNonNull(meta, "meta");
        return mutate(() -> {
            table.reset(meta);
            cache.reset(table.firstIndex());
            List<WriteOp> ops = new ArrayList<>();
            layout.startSegment(meta.index() + 1, true, ops);
            layout.commitSnapshot(meta, layout.active(), ops);
            return submit(nextCall(), ops, null);
        });
    }

    @Override
    public SnapshotMeta snapshotMeta() {
        return readOpen(() -> table.snapshot());
    }

    @Override
    public long firstIndex() {
        return readOpenLong(() -> table.firstIndex());
    }

    @Override
    public long lastIndex() {
        return readOpenLong(() -> table.lastIndex());
    }

    @Override
    public long term(long index) {
        return readOpenLong(() -> table.term(index));
    }

    @Override
    public List<LogEntry> entries(long fromIndex, long toIndex, long maxBytes) {
        lock.readLock().lock();
        try {
            ensureOpen();
            List<Slot> slots = table.slice(fromIndex, toIndex, maxBytes, Slot::entrySize);
            List<LogEntry> out = new ArrayList<>(slots.size());
            long index = fromIndex;
            for (Slot s : slots) {
                LogEntry cached = s.cached;
                out.add(cached != null ? cached : readEntry(s, index));
                index++;
            }
            return Collections.unmodifiableList(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Reads an entry the cache dropped back from its segment.
     *
     * @throws LogCorruptedException if the record was damaged since it was written (named like open names damage)
     */
    private LogEntry readEntry(Slot slot, long index) {
        ByteBuffer record = files.read(slot.segment, slot.offset, slot.length);
        String where = "segment file " + files.path(slot.segment) + " at offset " + slot.offset;
        if (!RecordFormat.checksumMatches(record)) {
            throw damagedOnRead(slot, index, where + ": entry " + index + " fails its CRC32C check");
        }
        Record decoded;
        try {
            decoded = RecordFormat.decode(record);
        } catch (IllegalArgumentException e) {
            throw damagedOnRead(slot, index, where + ": entry " + index + " cannot be decoded: " + e.getMessage());
        }
        if (!(decoded instanceof Record.Entry e) || e.entry().index() != index || e.entry().term() != slot.term) {
            throw damagedOnRead(slot, index, where + ": expected entry " + index + "@" + slot.term + ", found "
                    + decoded);
        }
        return e.entry();
    }

    private LogCorruptedException damagedOnRead(Slot slot, long index, String detail) {
        return new Damage(Damage.Kind.SEGMENT, files.path(slot.segment), detail,
                new Damage.Cut(slot.segment, slot.offset, index - 1)).exception(files.directory());
    }

    @Override
    public long sizeInBytes() {
        return readOpenLong(() -> layout.sizeInBytes());
    }

    /** Appends and fsyncs since open; {@code syncs} counts batches made durable (none when fsync is off). */
    @Override
    public LogStoreStats stats() {
        return writer.stats();
    }

    /**
     * Records to {@code metrics}: {@code eraft_log_fsync_seconds} (every fsync: segments, hard state, meta file,
     * directory), {@code eraft_log_entries_per_fsync} (per group commit that fsynced entries),
     * {@code eraft_log_appended_entries_total} and {@code eraft_log_written_bytes_total} (segment bytes, as in
     * {@link #stats()}). Work done before the call is not recorded; may be called at any time, from any thread.
     */
    @Override
    public void recordTo(Metrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        disk.timeFsyncsIn(metrics.histogram("eraft_log_fsync_seconds", "duration of one fsync of the log"));
        writer.recordTo(metrics);
    }

    /** Bytes of entries held in memory now (tests and diagnostics). */
    long cachedBytes() {
        lock.readLock().lock();
        try {
            return cache.bytes();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        queue.close();
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            files.close();
            directoryLock.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "SegmentedLogStore[" + name + "]";
    }

    /** Queues the disk work of one call; {@code call} is {@link #nextCall()} of that call. */
    private <R> CompletableFuture<R> submit(long call, List<WriteOp> ops, R result) {
        return queue.submit(new WriteBatch(call, List.copyOf(ops)), result);
    }

    /** Numbers a mutating call (so the writer can say which calls are in their files). */
    private long nextCall() {
        return ++seq;
    }

    private LogStoreException refusal() {
        if (closed) {
            return new LogStoreException("log store " + name + " is closed");
        }
        return queue.refusal();
    }

    private void ensureOpen() {
        if (closed) {
            throw new LogStoreException("log store " + name + " is closed");
        }
    }

    /**
     * Runs a change under the write lock, unless the store refuses writes (closed or failed): then the future fails
     * with the reason and nothing changes.
     */
    private <T> CompletableFuture<T> mutate(Supplier<CompletableFuture<T>> change) {
        lock.writeLock().lock();
        try {
            LogStoreException refusal = refusal();
            return refusal != null ? CompletableFuture.failedFuture(refusal) : change.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs {@code read} under the read lock, after checking the store is open. */
    private <T> T readOpen(Supplier<T> read) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {@link #readOpen} for a long, without boxing: these reads are on Raft's hot path. */
    private long readOpenLong(LongSupplier read) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return read.getAsLong();
        } finally {
            lock.readLock().unlock();
        }
    }
}

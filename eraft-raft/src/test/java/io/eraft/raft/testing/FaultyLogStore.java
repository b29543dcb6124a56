package io.eraft.raft.testing;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogNoSpaceException;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreException;
import io.eraft.api.log.LogStoreStats;
import io.eraft.api.log.SnapshotMeta;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A log that works until a test injects a fault, then fails the way a real one would, for good: an fsync that fails
 * after the write (the write's future fails), a full disk (the write throws before anything is written), or a read
 * that throws an unexpected error. It counts the calls made after the fault, so a test can tell a member that stopped
 * from one that keeps retrying.
 */
public final class FaultyLogStore implements LogStore {
    /** What goes wrong. */
    public enum Fault { NONE, FSYNC_FAILS, NO_SPACE, READ_THROWS }

    /** The message of the injected fsync failure. */
    public static final String FSYNC_MESSAGE = "fsync of log segment failed: Input/output error (injected)";
    /** The message of the injected full disk. */
    public static final String NO_SPACE_MESSAGE = "no space left on device writing the log (injected)";
    /** The message of the injected read error. */
    public static final String READ_MESSAGE = "term index damaged in memory (injected)";

    private final LogStore delegate;
    private volatile Fault fault = Fault.NONE;
    private final AtomicInteger callsAfterFault = new AtomicInteger();

    public FaultyLogStore(LogStore delegate) {
        this.delegate = delegate;
    }

    /** From now on, fails with {@code f}. */
    public void inject(Fault f) {
        fault = f;
    }

    /** Writes (and, for {@link Fault#READ_THROWS}, term reads) attempted since the fault was injected. */
    public int callsAfterFault() {
        return callsAfterFault.get();
    }

    private <T> CompletableFuture<T> write(Supplier<CompletableFuture<T>> op) {
        Fault f = fault;
        if (f == Fault.NONE || f == Fault.READ_THROWS) {
            return op.get();
        }
        callsAfterFault.incrementAndGet();
        if (f == Fault.NO_SPACE) {
            throw new LogNoSpaceException(NO_SPACE_MESSAGE, new IOException("No space left on device"));
        }
        op.get(); // written, but never made durable
        return CompletableFuture.failedFuture(new LogStoreException(FSYNC_MESSAGE));
    }

    @Override
    public HardState hardState() {
        return delegate.hardState();
    }

    @Override
    public CompletableFuture<Void> saveHardState(HardState state) {
        return write(() -> delegate.saveHardState(state));
    }

    @Override
    public CompletableFuture<Long> append(List<LogEntry> entries) {
        return write(() -> delegate.append(entries));
    }

    @Override
    public CompletableFuture<Void> compact(SnapshotMeta meta) {
        return write(() -> delegate.compact(meta));
    }

    @Override
    public CompletableFuture<Void> reset(SnapshotMeta meta) {
        return write(() -> delegate.reset(meta));
    }

    @Override
    public SnapshotMeta snapshotMeta() {
        return delegate.snapshotMeta();
    }

    @Override
    public long firstIndex() {
        return delegate.firstIndex();
    }

    @Override
    public long lastIndex() {
        return delegate.lastIndex();
    }

    @Override
    public long term(long index) {
        if (fault == Fault.READ_THROWS) {
            callsAfterFault.incrementAndGet();
            throw new IllegalStateException(READ_MESSAGE);
        }
        return delegate.term(index);
    }

    @Override
    public List<LogEntry> entries(long fromIndex, long toIndex, long maxBytes) {
        return delegate.entries(fromIndex, toIndex, maxBytes);
    }

    @Override
    public long sizeInBytes() {
        return delegate.sizeInBytes();
    }

    @Override
    public LogStoreStats stats() {
        return delegate.stats();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

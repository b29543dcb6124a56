package io.eraft.api.log;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable Raft log and hard state of one Raft group member.
 *
 * <p>Threading: one writer (the group's event loop) calls the mutating methods; they are applied in call order. Reads
 * are safe from any thread and see every write already called, durable or not (as etcd's unstable + stable log).
 *
 * <p>Durability: each mutating method returns a future that completes once that write, and every write called
 * before it, is on stable storage (fsynced). Writes that wait while an fsync runs share the next one (group
 * commit). Entries whose future completed are never lost by a crash. After a failed write the store is failed:
 * every later future fails too, and the group must stop ({@link LogStoreException}).
 *
 * <p>Invariants: indexes are contiguous from {@link #firstIndex()} to {@link #lastIndex()}; the entry before
 * firstIndex is described by {@link #snapshotMeta()}.
 */
public interface LogStore extends AutoCloseable {

    /** The hard state last saved (durable or pending). */
    HardState hardState();

    /** Saves the term and vote. */
    CompletableFuture<Void> saveHardState(HardState state);

    /**
     * Appends {@code entries}, which must be contiguous. If the first index is at or below {@link #lastIndex()},
     * the conflicting suffix from that index on is truncated first (Raft's "delete the existing entry and all that
     * follow it"). The first index may not be above lastIndex + 1, nor at or below the snapshot index.
     *
     * @return completes with the last appended index once durable
     */
    CompletableFuture<Long> append(List<LogEntry> entries);

    /**
     * Drops every entry up to and including {@code meta.index()}, which the state machine's durable snapshot now
     * covers, and records {@code meta} as the snapshot's index and term. Entries after it are kept.
     */
    CompletableFuture<Void> compact(SnapshotMeta meta);

    /**
     * Replaces the whole log with an empty one starting after {@code meta}, atomically, after a follower installed
     * a snapshot that covers more than its log.
     */
    CompletableFuture<Void> reset(SnapshotMeta meta);

    /** The snapshot the log starts after ({@link SnapshotMeta#NONE} before any compaction). */
    SnapshotMeta snapshotMeta();

    /** The first index held; {@code snapshotMeta().index() + 1}, also when the log is empty. */
    long firstIndex();

    /** The last index held, or {@code snapshotMeta().index()} when no entry is held. */
    long lastIndex();

    /**
     * The term of the entry at {@code index}. The snapshot index gives the snapshot term.
     *
     * @throws LogCompactedException if {@code index} is before the snapshot index
     * @throws LogUnavailableException if {@code index} is after {@link #lastIndex()}
     */
    long term(long index);

    /**
     * Entries from {@code fromIndex} (inclusive) to {@code toIndex} (exclusive), stopping early once their total
     * {@link LogEntry#sizeInBytes()} exceeds {@code maxBytes} (at least one entry is returned).
     *
     * @throws LogCompactedException if {@code fromIndex} is below {@link #firstIndex()}
     * @throws LogUnavailableException if {@code toIndex} is past lastIndex + 1
     */
    List<LogEntry> entries(long fromIndex, long toIndex, long maxBytes);

    /** Bytes the log occupies on its medium (disk or memory). */
    long sizeInBytes();

    /** Statistics for benchmarks: appends and fsyncs so far. */
    default LogStoreStats stats() {
        return LogStoreStats.NONE;
    }

    /**
     * Starts recording this log's work to {@code metrics} (fsync durations, entries per fsync, bytes written); called
     * once, right after the log is opened, by the server that owns it. A log that records nothing ignores it.
     */
    default void recordTo(io.eraft.api.metrics.Metrics metrics) {
    }

    /** Waits for pending writes, then releases files. */
    @Override
    void close();
}

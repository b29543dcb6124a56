package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;
import io.eraft.api.log.LogStoreStats;
import io.eraft.api.metrics.Counter;
import io.eraft.api.metrics.Histogram;
import io.eraft.api.metrics.Metrics;
import io.eraft.persister.core.GroupCommitQueue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The background writer of a segmented log: carries out a batch of {@link WriteOp}s in order, coalescing adjacent
 * records into large writes, then makes the whole batch durable with one {@code force} per segment it touched (one in
 * the common case) and one directory fsync if it created files. Ops that must not be reordered by a crash (starting
 * a segment, cutting one, committing the meta file) first make what precedes them durable.
 *
 * <p>Of the hard states saved in a batch only the last is written, first and on its own fsync ({@link HardStateFiles}):
 * none of the batch's futures completes before the whole batch is durable, so the ones before it never counted, and
 * writing one copy per batch keeps the other copy holding the state the previous batch made durable.
 */
final class SegmentWriter implements GroupCommitQueue.BatchHandler<WriteBatch> {
    private static final int BUFFER_BYTES = 1 << 20;

    private final SegmentFiles files;
    private final HardStateFiles hardStates;
    private final boolean fsync;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final TreeSet<Long> dirty = new TreeSet<>();
    private boolean directoryDirty;
    private boolean forcedThisBatch;
    private long bufferSegment = -1;
    private long bufferOffset;
    private volatile long writtenSeq;
    private final AtomicLong entriesAppended = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private int entriesThisBatch;
    private volatile Counter appendedMetric = Counter.NOOP;
    private volatile Counter writtenBytesMetric = Counter.NOOP;
    private volatile Histogram entriesPerFsyncMetric = Histogram.NOOP;

    SegmentWriter(SegmentFiles files, HardStateFiles hardStates, boolean fsync) {
        this.files = files;
        this.hardStates = hardStates;
        this.fsync = fsync;
    }

    /** Every call up to this sequence number is written to its file (not necessarily durable). */
    long writtenSeq() {
        return writtenSeq;
    }

    LogStoreStats stats() {
        return new LogStoreStats(entriesAppended.get(), syncs.get(), bytesWritten.get());
    }

    /**
     * From now on, counts entries appended and segment bytes written (as {@link #stats()} does) in {@code metrics},
     * and records how many entries each batch that was fsynced made durable (batches with no entries, such as a
     * lone vote, are not recorded).
     */
    void recordTo(Metrics metrics) {
        appendedMetric = metrics.counter("eraft_log_appended_entries_total",
                "entries written to the log's segment files");
        writtenBytesMetric = metrics.counter("eraft_log_written_bytes_total",
                "bytes written to the log's segment files");
        entriesPerFsyncMetric = metrics.histogram("eraft_log_entries_per_fsync",
                "entries made durable by one group commit's fsync");
    }

    @Override
    public void handle(List<WriteBatch> batch) throws IOException {
        forcedThisBatch = false;
        entriesThisBatch = 0;
        HardState hardState = lastHardState(batch);
        if (hardState != null) {
            hardStates.save(hardState);
            forcedThisBatch = fsync;
        }
        for (WriteBatch call : batch) {
            for (WriteOp op : call.ops()) {
                apply(op);
            }
        }
        flush();
        writtenSeq = batch.get(batch.size() - 1).seq();
        makeDurable();
        if (forcedThisBatch) {
            syncs.incrementAndGet();
            if (entriesThisBatch > 0) {
                entriesPerFsyncMetric.observe(entriesThisBatch);
            }
        }
    }

    private static HardState lastHardState(List<WriteBatch> batch) {
        HardState last = null;
        for (WriteBatch call : batch) {
            for (WriteOp op : call.ops()) {
                if (op instanceof WriteOp.SaveHardState h) {
                    last = h.state();
                }
            }
        }
        return last;
    }

    private void apply(WriteOp op) throws IOException {
        if (op instanceof WriteOp.AppendEntries a) {
            long offset = a.offset();
            for (LogEntry e : a.entries()) {
                int size = RecordFormat.entrySize(e);
                put(a.segment(), offset, size, buf -> RecordFormat.putEntry(buf, e));
                offset += size;
            }
            int count = a.entries().size();
            entriesAppended.addAndGet(count);
            appendedMetric.add(count);
            entriesThisBatch += count;
        } else if (op instanceof WriteOp.SaveHardState) {
            // written ahead of the batch
        } else if (op instanceof WriteOp.StartSegment s) {
            flush();
            makeDurable();
            files.create(s.segment());
            directoryDirty = true;
            put(s.segment(), 0, RecordFormat.SEGMENT_HEADER_BYTES,
                    buf -> RecordFormat.putSegmentHeader(buf, s.segment(), s.firstIndex(), s.reset()));
        } else if (op instanceof WriteOp.Truncate t) {
            truncate(t);
        } else if (op instanceof WriteOp.CommitSnapshot c) {
            flush();
            makeDurable();
            new MetaFile(c.snapshot(), c.firstSegment()).write(files.disk(), files.directory(), fsync);
            for (long id : files.openBelow(c.firstSegment())) {
                files.delete(id);
                dirty.remove(id);
            }
        } else {
            throw new IllegalStateException("unknown write op " + op);
        }
    }

    /**
     * Deletes the later segments (made durable before the cut, so a crash never leaves a gap between segments), then
     * cuts the segment and makes the cut durable before new records land where old ones were.
     */
    private void truncate(WriteOp.Truncate t) throws IOException {
        flush();
        List<Long> later = files.openAbove(t.segment());
        for (long id : later) {
            files.delete(id);
            dirty.remove(id);
        }
        if (!later.isEmpty() && fsync) {
            files.syncDirectory();
        }
        DiskFile ch = files.channel(t.segment());
        ch.truncate(t.offset());
        if (fsync) {
            ch.force(false);
            forcedThisBatch = true;
        }
        dirty.remove(t.segment());
    }

    /** Adds one record of {@code size} bytes at {@code offset} of {@code segment} to the pending write. */
    private void put(long segment, long offset, int size, Consumer<ByteBuffer> encoder) throws IOException {
        if (buffer.position() > 0 && (segment != bufferSegment || offset != bufferOffset + buffer.position()
                || buffer.remaining() < size)) {
            flush();
        }
        if (size > buffer.capacity()) {
            ByteBuffer big = ByteBuffer.allocate(size);
            encoder.accept(big);
            big.flip();
            write(segment, offset, big);
            return;
        }
        if (buffer.position() == 0) {
            bufferSegment = segment;
            bufferOffset = offset;
        }
        encoder.accept(buffer);
    }

    private void flush() throws IOException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        try {
            write(bufferSegment, bufferOffset, buffer);
        } finally {
            buffer.clear();
        }
    }

    private void write(long segment, long offset, ByteBuffer data) throws IOException {
        int length = data.remaining();
        files.channel(segment).writeFully(data, offset);
        dirty.add(segment);
        bytesWritten.addAndGet(length);
        writtenBytesMetric.add(length);
    }

    private void makeDurable() throws IOException {
        if (!fsync) {
            dirty.clear();
            directoryDirty = false;
            return;
        }
        for (long id : dirty) {
            files.channel(id).force(false);
            forcedThisBatch = true;
        }
        dirty.clear();
        if (directoryDirty) {
            files.syncDirectory();
            directoryDirty = false;
        }
    }
}

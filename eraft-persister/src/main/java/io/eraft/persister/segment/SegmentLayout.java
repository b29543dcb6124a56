package io.eraft.persister.segment;

import io.eraft.api.log.LogEntry;
import io.eraft.api.log.SnapshotMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plans where records go: which segment, at which offset, and when to start a new segment. It runs on the caller's
 * thread, ahead of the writer, so a slot's location is known the moment its entry is appended. Not thread-safe: the
 * store guards it.
 */
final class SegmentLayout {

    /** What the plan knows about one segment. */
    static final class Segment {
        long end;
        boolean hasEntries;
        /** Written by an older version (it may hold hard-state records; see {@link RecordFormat}). */
        final boolean legacy;

        Segment(long end, boolean hasEntries, boolean legacy) {
            this.end = end;
            this.hasEntries = hasEntries;
            this.legacy = legacy;
        }
    }

    private final TreeMap<Long, Segment> segments;
    private final long segmentBytes;
    private long nextId;

    /**
     * @param segments     the existing segments by id
     * @param nextId       the id the next new segment gets (above every id ever used in the directory)
     * @param segmentBytes start a new segment rather than let one grow past this (a single larger entry still fits)
     */
    SegmentLayout(Map<Long, Segment> segments, long nextId, long segmentBytes) {
        this.segments = new TreeMap<>(segments);
        this.nextId = nextId;
        this.segmentBytes = segmentBytes;
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    long active() {
        return segments.lastKey();
    }

    /** Whether the segment new entries go to was written by an older version. */
    boolean activeIsLegacy() {
        return segments.lastEntry().getValue().legacy;
    }

    /** Bytes of all segment files once the planned writes are done. */
    long sizeInBytes() {
        long total = 0;
        for (Segment s : segments.values()) {
            total += s.end;
        }
        return total;
    }

    /**
     * Plans a new segment, which starts with its header.
     *
     * @param firstIndex the index of the first entry it will hold
     * @param reset      whether a reset starts it
     */
    void startSegment(long firstIndex, boolean reset, List<WriteOp> ops) {
        long id = nextId++;
        segments.put(id, new Segment(RecordFormat.SEGMENT_HEADER_BYTES, false, false));
        ops.add(new WriteOp.StartSegment(id, firstIndex, reset));
    }

    /**
     * Plans entry records, starting new segments as they fill.
     *
     * @param seq the call these writes belong to
     * @return a slot per entry, holding the entry in cache
     */
    List<Slot> placeEntries(List<LogEntry> entries, long seq, List<WriteOp> ops) {
        List<Slot> slots = new ArrayList<>(entries.size());
        int runStart = 0;
        long runOffset = segments.lastEntry().getValue().end;
        for (int k = 0; k < entries.size(); k++) {
            LogEntry e = entries.get(k);
            int size = RecordFormat.entrySize(e);
            Segment active = segments.lastEntry().getValue();
            if (active.hasEntries && active.end + size > segmentBytes) {
                if (k > runStart) {
                    ops.add(new WriteOp.AppendEntries(active(), runOffset, List.copyOf(entries.subList(runStart, k))));
                }
                startSegment(e.index(), false, ops);
                active = segments.lastEntry().getValue();
                runStart = k;
                runOffset = active.end;
            }
            slots.add(new Slot(e, seq, active(), active.end, size, true));
            active.end += size;
            active.hasEntries = true;
        }
        if (entries.size() > runStart) {
            ops.add(new WriteOp.AppendEntries(active(), runOffset, List.copyOf(entries.subList(runStart, entries.size()))));
        }
        return slots;
    }

    /**
     * Plans cutting the log at {@code first}, the slot of the first entry to remove: later segments go, and its
     * segment is cut where the entry starts and becomes the active one.
     *
     * @param keepsEntries whether entries before {@code first} remain in its segment
     */
    void truncate(Slot first, boolean keepsEntries, List<WriteOp> ops) {
        segments.tailMap(first.segment, false).clear();
        Segment s = segments.get(first.segment);
        s.end = first.offset;
        s.hasEntries = keepsEntries;
        ops.add(new WriteOp.Truncate(first.segment, first.offset));
    }

    /** Plans recording {@code snapshot} and deleting the segments before {@code firstSegment}. */
    void commitSnapshot(SnapshotMeta snapshot, long firstSegment, List<WriteOp> ops) {
        segments.headMap(firstSegment, false).clear();
        ops.add(new WriteOp.CommitSnapshot(snapshot, firstSegment));
    }
}

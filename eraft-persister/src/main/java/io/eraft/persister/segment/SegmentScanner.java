package io.eraft.persister.segment;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the records of one segment file in order, through a large buffer, and says where and why the intact records
 * end.
 */
final class SegmentScanner {
    private static final int WINDOW_BYTES = 1 << 20;

    /** Receives each intact record with its offset and length. */
    @FunctionalInterface
    interface Visitor {
        /**
         * @throws IllegalArgumentException if the record, though intact, does not belong there
         */
        void record(Record record, long offset, int length);
    }

    /**
     * How a scan ended.
     *
     * @param validEnd where the intact records end (the file size if all are intact)
     * @param damage   why the record at {@code validEnd} is unreadable, or null if the file ends there
     * @param torn     whether that record is merely incomplete or fails its checksum (what a crash during a write
     *                 leaves), rather than intact but invalid
     */
    record Result(long validEnd, String damage, boolean torn) {
    }

    private final DiskFile channel;
    private final long size;
    private ByteBuffer window = ByteBuffer.allocate(0);
    private long windowStart;

    SegmentScanner(DiskFile channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    /**
     * Visits the intact records in order and says where they end.
     *
     * @throws RecordFormat.NewerFormatException if the segment was written by a newer version
     */
    Result scan(Visitor visitor) throws IOException {
        long offset = 0;
        while (offset < size) {
            if (size - offset < RecordFormat.HEADER_BYTES) {
                return new Result(offset, "incomplete record header (" + (size - offset) + " bytes before end of file)",
                        true);
            }
            int length = RecordFormat.bodyLength(view(offset, RecordFormat.HEADER_BYTES));
            if (length < 1 || length > size - offset - RecordFormat.HEADER_BYTES) {
                return new Result(offset, "record length " + length + " does not fit in the "
                        + (size - offset - RecordFormat.HEADER_BYTES) + " bytes left", true);
            }
            int total = RecordFormat.HEADER_BYTES + length;
            ByteBuffer record = view(offset, total);
            if (!RecordFormat.checksumMatches(record)) {
                return new Result(offset, "CRC32C mismatch in a " + total + "-byte record", true);
            }
            try {
                visitor.record(RecordFormat.decode(record), offset, total);
            } catch (RecordFormat.NewerFormatException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                return new Result(offset, e.getMessage(), false);
            }
            offset += total;
        }
        return new Result(offset, null, false);
    }

    /**
     * Visits every intact, decodable record of the file, also those after damage (skipping to the next intact record
     * past each damaged one), for inspecting a damaged file. Records that do not belong where they are are visited
     * too.
     */
    void scanAll(Visitor visitor) throws IOException {
        long offset = 0;
        while (offset < size) {
            if (intactAt(offset)) {
                int length = RecordFormat.bodyLength(view(offset, RecordFormat.HEADER_BYTES));
                int total = RecordFormat.HEADER_BYTES + length;
                try {
                    visitor.record(RecordFormat.decode(view(offset, total)), offset, total);
                } catch (IllegalArgumentException e) {
                    // intact but not decodable or not fitting: skipped, as damage is
                }
                offset += total;
            } else {
                offset = intactRecordAfter(offset);
                if (offset < 0) {
                    return;
                }
            }
        }
    }

    /** The header the segment starts with, or null if its first record is not an intact segment header. */
    Record.SegmentHeader header() throws IOException {
        if (size < RecordFormat.HEADER_BYTES || !intactAt(0)) {
            return null;
        }
        int length = RecordFormat.bodyLength(view(0, RecordFormat.HEADER_BYTES));
        try {
            return RecordFormat.decode(view(0, RecordFormat.HEADER_BYTES + length)) instanceof Record.SegmentHeader h
                    ? h : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Where the first intact record after the damaged one at {@code offset} starts, or -1 if none does: first looks
     * where the damaged record's own length says the next one starts, then at every later byte.
     */
    long intactRecordAfter(long offset) throws IOException {
        if (size - offset >= RecordFormat.HEADER_BYTES) {
            long stated = offset + RecordFormat.HEADER_BYTES
                    + (long) RecordFormat.bodyLength(view(offset, RecordFormat.HEADER_BYTES));
            if (stated > offset && intactAt(stated)) {
                return stated;
            }
        }
        for (long at = offset + 1; at + RecordFormat.HEADER_BYTES < size; at++) {
            if (intactAt(at)) {
                return at;
            }
        }
        return -1;
    }

    private boolean intactAt(long at) throws IOException {
        if (at < 0 || size - at < RecordFormat.HEADER_BYTES + 1) {
            return false;
        }
        int length = RecordFormat.bodyLength(view(at, RecordFormat.HEADER_BYTES));
        if (length < 1 || length > size - at - RecordFormat.HEADER_BYTES) {
            return false;
        }
        return RecordFormat.checksumMatches(view(at, RecordFormat.HEADER_BYTES + length));
    }

    /** {@code length} bytes at {@code offset} (position to limit), read through the window. */
    private ByteBuffer view(long offset, int length) throws IOException {
        if (offset < windowStart || offset + length > windowStart + window.limit()) {
            fill(offset, length);
        }
        ByteBuffer v = window.duplicate();
        int from = (int) (offset - windowStart);
        v.limit(from + length).position(from);
        return v;
    }

    private void fill(long offset, int length) throws IOException {
        int want = (int) Math.min(Math.max(length, WINDOW_BYTES), size - offset);
        if (window.capacity() < want) {
            window = ByteBuffer.allocate(want);
        }
        window.clear().limit(want);
        while (window.hasRemaining()) {
            if (channel.read(window, offset + window.position()) < 0) {
                throw new IOException("file shrank while being read at offset " + (offset + window.position()));
            }
        }
        window.flip();
        windowStart = offset;
    }
}

package io.eraft.persister.segment;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.HardState;
import io.eraft.api.log.LogEntry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk record format of segment files. Every record is
 * <pre>
 *   int  length   bytes in the body
 *   int  crc      CRC32C of the length field followed by the body
 *   body: byte type, then the payload of that type
 * </pre>
 * Types: {@code SEGMENT_HEADER} opens every segment: int magic, int version, long segment id, and from version 2 on
 * long first index (the index of the first entry the segment holds or will hold) and byte flags ({@code RESET}: the
 * segment was started by a reset, so it is the start of the log once the meta file names it, and a leftover of an
 * interrupted reset otherwise); {@code ENTRY} (long index, long term, byte entry type, data bytes). Numbers are
 * big-endian.
 *
 * <p>Version 1 segments, written by older versions, also hold {@code HARD_STATE} records (long term, int vote length
 * or -1 for none, UTF-8 vote), the last of which was the hard state; they are still read, so such logs open. The
 * hard state now lives in {@link HardStateFiles}.
 */
final class RecordFormat {
    static final int HEADER_BYTES = 8;
    static final byte SEGMENT_HEADER = 1;
    static final byte ENTRY = 2;
    static final byte HARD_STATE = 3;
    static final int MAGIC = 0x45524c47; // "ERLG"
    /** Segments of older versions: no first index in the header, hard-state records in the segment. */
    static final int LEGACY_VERSION = 1;
    static final int VERSION = 2;
    /** Record bytes an entry takes beyond its data. */
    static final int ENTRY_OVERHEAD = HEADER_BYTES + 1 + 8 + 8 + 1;
    /** Bytes of the header record this version writes. */
    static final int SEGMENT_HEADER_BYTES = HEADER_BYTES + 1 + 4 + 4 + 8 + 8 + 1;
    private static final byte RESET = 1;

    private static final byte COMMAND = 1;
    private static final byte NOOP = 2;

    private RecordFormat() {
    }

    static int entrySize(LogEntry entry) {
        return ENTRY_OVERHEAD + entry.data().length;
    }

    static void putEntry(ByteBuffer buf, LogEntry entry) {
        int start = begin(buf, ENTRY);
        buf.putLong(entry.index()).putLong(entry.term()).put(entry.type() == EntryType.NOOP ? NOOP : COMMAND)
                .put(entry.data());
        end(buf, start);
    }

    /**
     * @param firstIndex the index of the first entry the segment will hold
     * @param reset      whether a reset starts the segment
     */
    static void putSegmentHeader(ByteBuffer buf, long segmentId, long firstIndex, boolean reset) {
        int start = begin(buf, SEGMENT_HEADER);
        buf.putInt(MAGIC).putInt(VERSION).putLong(segmentId).putLong(firstIndex).put(reset ? RESET : 0);
        end(buf, start);
    }

    /** The body length stated by the record header at {@code buf}'s position (not checked). */
    static int bodyLength(ByteBuffer header) {
        return header.getInt(header.position());
    }

    /** Whether {@code record} (header and body, from its position to its limit) carries a matching checksum. */
    static boolean checksumMatches(ByteBuffer record) {
        int start = record.position();
        return record.getInt(start + 4) == crc(record, start, record.limit());
    }

    /**
     * Decodes a record whose checksum matched.
     *
     * @throws IllegalArgumentException if the body does not make sense (unknown type, bad lengths)
     * @throws NewerFormatException     if it is the header of a segment written by a newer version
     */
    static Record decode(ByteBuffer record) {
        ByteBuffer body = record.duplicate();
        body.position(record.position() + HEADER_BYTES);
        try {
            byte type = body.get();
            switch (type) {
                case SEGMENT_HEADER: {
                    int magic = body.getInt();
                    int version = body.getInt();
                    if (magic != MAGIC) {
                        throw new IllegalArgumentException(String.format("segment header has magic %08x, expected %08x",
                                magic, MAGIC));
                    }
                    if (version > VERSION) {
                        throw new NewerFormatException("segment format version " + version + " is newer than this "
                                + "version of eRaft reads (up to " + VERSION + ")");
                    }
                    if (version < LEGACY_VERSION) {
                        throw new IllegalArgumentException("segment header has version " + version);
                    }
                    long id = body.getLong();
                    long firstIndex = version == LEGACY_VERSION ? -1 : body.getLong();
                    boolean reset = version != LEGACY_VERSION && (body.get() & RESET) != 0;
                    requireConsumed(body);
                    return new Record.SegmentHeader(id, version, firstIndex, reset);
                }
                case ENTRY: {
                    long index = body.getLong();
                    long term = body.getLong();
                    byte kind = body.get();
                    if (kind != COMMAND && kind != NOOP) {
                        throw new IllegalArgumentException("unknown entry type " + kind);
                    }
                    byte[] data = new byte[body.remaining()];
                    body.get(data);
                    return new Record.Entry(new LogEntry(index, term, kind == NOOP ? EntryType.NOOP : EntryType.COMMAND,
                            data));
                }
                case HARD_STATE: {
                    long term = body.getLong();
                    int voteLength = body.getInt();
                    String vote = null;
                    if (voteLength >= 0) {
                        byte[] bytes = new byte[voteLength];
                        body.get(bytes);
                        vote = new String(bytes, StandardCharsets.UTF_8);
                    } else if (voteLength != -1) {
                        throw new IllegalArgumentException("bad vote length " + voteLength);
                    }
                    requireConsumed(body);
                    return new Record.HardStateRecord(new HardState(term, vote));
                }
                default:
                    throw new IllegalArgumentException("unknown record type " + type);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("record body is shorter than its type needs");
        }
    }

    /** A file written in a format newer than this version reads: not damage, and nothing to cut. */
    static final class NewerFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NewerFormatException(String message) {
            super(message);
        }
    }

    private static void requireConsumed(ByteBuffer body) {
        if (body.hasRemaining()) {
            throw new IllegalArgumentException(body.remaining() + " unexpected bytes at the end of the record");
        }
    }

    private static int begin(ByteBuffer buf, byte type) {
        int start = buf.position();
        buf.putInt(0).putInt(0).put(type);
        return start;
    }

    private static void end(ByteBuffer buf, int start) {
        int end = buf.position();
        buf.putInt(start, end - start - HEADER_BYTES);
        buf.putInt(start + 4, crc(buf, start, end));
    }

    /** CRC32C of the length field at {@code start} and the body from {@code start + 8} to {@code end}. */
    private static int crc(ByteBuffer buf, int start, int end) {
        CRC32C crc = new CRC32C();
        ByteBuffer view = buf.duplicate();
        view.limit(start + 4).position(start);
        crc.update(view);
        view.limit(end).position(start + HEADER_BYTES);
        crc.update(view);
        return (int) crc.getValue();
    }
}

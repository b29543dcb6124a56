package io.eraft.shardkv.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.eraft.api.codec.Codec;
import io.eraft.api.codec.CodecException;
import io.eraft.api.store.KeyValue;
import io.eraft.shardkv.proto.SnapshotEntry;
import io.eraft.shardkv.proto.SnapshotHeader;
import io.eraft.shardkv.proto.SnapshotRecord;
import io.eraft.shardkv.proto.SnapshotTrailer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;

/**
 * The snapshot stream format: magic {@code ERSNAP01}, then length-delimited {@code SnapshotRecord}s — a header with
 * the applied index, the entries, and a trailer with the entry count and a CRC32C of all keys and values. Written and
 * read one record at a time, so neither side ever holds the whole snapshot.
 */
final class ProtobufSnapshots {
    static final byte[] MAGIC = "ERSNAP01".getBytes(StandardCharsets.US_ASCII);
    /** Largest record accepted when reading: bigger means corruption (keys and values are far smaller). */
    static final int MAX_RECORD_BYTES = 64 << 20;

    private ProtobufSnapshots() {
    }

    static void write(long appliedIndex, Iterator<KeyValue> entries, OutputStream out) throws IOException {
        out.write(MAGIC);
        CodedOutputStream coded = CodedOutputStream.newInstance(out, 64 * 1024);
        writeRecord(coded, SnapshotRecord.newBuilder()
                .setHeader(SnapshotHeader.newBuilder().setAppliedIndex(appliedIndex)).build());
        CRC32C crc = new CRC32C();
        long count = 0;
        while (entries.hasNext()) {
            KeyValue kv = entries.next();
            crc.update(kv.key());
            crc.update(kv.value());
            count++;
            writeRecord(coded, SnapshotRecord.newBuilder().setEntry(SnapshotEntry.newBuilder()
                    .setKey(UnsafeByteOperations.unsafeWrap(kv.key()))
                    .setValue(UnsafeByteOperations.unsafeWrap(kv.value()))).build());
        }
        writeRecord(coded, SnapshotRecord.newBuilder().setTrailer(SnapshotTrailer.newBuilder()
                .setEntryCount(count).setCrc32C((int) crc.getValue())).build());
        coded.flush();
        out.flush();
    }

    private static void writeRecord(CodedOutputStream coded, SnapshotRecord record) throws IOException {
        coded.writeUInt32NoTag(record.getSerializedSize());
        record.writeTo(coded);
    }

    static Codec.SnapshotReader read(InputStream in) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CodecException("not an eRaft protobuf snapshot: the stream does not start with "
                    + new String(MAGIC, StandardCharsets.US_ASCII));
        }
        CodedInputStream coded = CodedInputStream.newInstance(in);
        coded.setSizeLimit(Integer.MAX_VALUE);
        SnapshotRecord first = readRecord(coded, 0);
        if (first == null || !first.hasHeader()) {
            throw new CodecException("snapshot stream has no header record");
        }
        return new Reader(coded, first.getHeader().getAppliedIndex());
    }

    /** Reads one record; null at a clean end of stream. */
    private static SnapshotRecord readRecord(CodedInputStream coded, long position) throws IOException {
        if (coded.isAtEnd()) {
            return null;
        }
        int size = coded.readRawVarint32();
        if (size < 0 || size > MAX_RECORD_BYTES) {
            throw new CodecException("snapshot record " + position + " has impossible size " + size);
        }
        int limit = coded.pushLimit(size);
        try {
            SnapshotRecord r = SnapshotRecord.parseFrom(coded);
            if (coded.getBytesUntilLimit() != 0) {
                throw new CodecException("snapshot record " + position + " is truncated");
            }
            return r;
        } catch (InvalidProtocolBufferException e) {
            throw new CodecException("snapshot record " + position + " is corrupt or truncated: " + e.getMessage(), e);
        } finally {
            coded.popLimit(limit);
        }
    }

    private static final class Reader implements Codec.SnapshotReader {
        private final CodedInputStream coded;
        private final long appliedIndex;
        private final CRC32C crc = new CRC32C();
        private long count;
        private KeyValue next;
        private boolean done;

        Reader(CodedInputStream coded, long appliedIndex) {
            this.coded = coded;
            this.appliedIndex = appliedIndex;
        }

        @Override
        public long appliedIndex() {
            return appliedIndex;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (done) {
                return false;
            }
            SnapshotRecord r;
            try {
                r = readRecord(coded, count + 1);
            } catch (IOException e) {
                throw new CodecException("snapshot stream failed after " + count + " entries: " + e.getMessage(), e);
            }
            if (r == null) {
                throw new CodecException("snapshot stream ended after " + count + " entries without its trailer");
            }
            switch (r.getRecordCase()) {
                case ENTRY:
                    byte[] k = r.getEntry().getKey().toByteArray();
                    byte[] v = r.getEntry().getValue().toByteArray();
                    crc.update(k);
                    crc.update(v);
                    count++;
                    next = new KeyValue(k, v);
                    return true;
                case TRAILER:
                    SnapshotTrailer t = r.getTrailer();
                    if (t.getEntryCount() != count || t.getCrc32C() != (int) crc.getValue()) {
                        throw new CodecException("snapshot checksum mismatch: trailer says " + t.getEntryCount()
                                + " entries, crc " + Integer.toHexString(t.getCrc32C()) + "; read " + count
                                + " entries, crc " + Integer.toHexString((int) crc.getValue()));
                    }
                    done = true;
                    return false;
                default:
                    throw new CodecException("unexpected snapshot record " + r.getRecordCase() + " after "
                            + count + " entries");
            }
        }

        @Override
        public KeyValue next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue kv = next;
            next = null;
            return kv;
        }
    }
}

package io.eraft.shardkv.codec;

import io.eraft.api.codec.Codec;
import io.eraft.api.codec.CodecException;
import io.eraft.api.codec.Codecs;
import io.eraft.api.command.Append;
import io.eraft.api.command.Command;
import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Get;
import io.eraft.api.command.Put;
import io.eraft.api.store.KeyValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtobufCodecTest {
    private final Codec codec = new ProtobufCodec();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void defaultCodecIsFoundThroughServiceLoader() {
        assertEquals("protobuf", Codecs.defaultCodec().name());
    }

    @Test
    void everyCommandTypeRoundTripsWithClientAndSequence() {
        List<Command> commands = List.of(
                new Get(1, 2, b("k")),
                new Put(3, 4, b("k"), b("v")),
                new Put(3, 5, b("k"), new byte[0]),
                new Append(5, 6, b("k"), b("tail")),
                new Delete(7, 8, b("gone")),
                new CompareAndSet(9, 10, b("k"), b("old"), b("new")),
                new CompareAndSet(9, 11, b("k"), null, b("first")));
        for (Command c : commands) {
            Command back = codec.decodeCommand(codec.encodeCommand(c));
            assertEquals(c.getClass(), back.getClass());
            assertEquals(c.clientId(), back.clientId());
            assertEquals(c.sequence(), back.sequence());
            assertEquals(describe(c), describe(back));
        }
    }

    @Test
    void casWithAbsentExpectationStaysDistinctFromEmptyExpectation() {
        CompareAndSet absent = (CompareAndSet) codec.decodeCommand(
                codec.encodeCommand(new CompareAndSet(1, 1, b("k"), null, b("v"))));
        CompareAndSet empty = (CompareAndSet) codec.decodeCommand(
                codec.encodeCommand(new CompareAndSet(1, 1, b("k"), new byte[0], b("v"))));
        assertNull(absent.expected());
        assertArrayEquals(new byte[0], empty.expected());
    }

    @Test
    void garbageCommandBytesGiveCodecExceptionNotAHalfDecodedCommand() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02};
        CodecException e = assertThrows(CodecException.class, () -> codec.decodeCommand(garbage));
        assertTrue(e.getMessage().contains("corrupt command"), e.getMessage());
    }

    @Test
    void commandWithUnknownOperationGivesClearError() {
        // field 99, varint 1: a well-formed message from a "newer version" with no known op
        byte[] unknownOp = {(byte) 0x98, 0x06, 0x01};
        CodecException e = assertThrows(CodecException.class, () -> codec.decodeCommand(unknownOp));
        assertTrue(e.getMessage().contains("no known operation"), e.getMessage());
    }

    @Test
    void truncatedCommandIsRejected() {
        byte[] full = codec.encodeCommand(new Put(1, 1, b("key"), b("a value long enough")));
        assertThrows(CodecException.class, () -> codec.decodeCommand(Arrays.copyOf(full, full.length - 3)));
    }

    @Test
    void snapshotRoundTripKeepsEntriesInOrderAndAppliedIndex() throws IOException {
        List<KeyValue> entries = entries(1000);
        byte[] bytes = write(42, entries);
        Codec.SnapshotReader r = codec.readSnapshot(new ByteArrayInputStream(bytes));
        assertEquals(42, r.appliedIndex());
        List<KeyValue> back = new ArrayList<>();
        r.forEachRemaining(back::add);
        assertEquals(entries, back);
        assertFalse(r.hasNext());
    }

    @Test
    void emptySnapshotRoundTrips() throws IOException {
        Codec.SnapshotReader r = codec.readSnapshot(new ByteArrayInputStream(write(7, List.of())));
        assertEquals(7, r.appliedIndex());
        assertFalse(r.hasNext());
    }

    @Test
    void snapshotIsReadLazilyFromTheStream() throws IOException {
        byte[] bytes = write(1, entries(10_000));
        CountingStream in = new CountingStream(new ByteArrayInputStream(bytes));
        Codec.SnapshotReader r = codec.readSnapshot(in);
        r.next();
        assertTrue(in.read < bytes.length / 2, "read " + in.read + " of " + bytes.length + " for one entry");
    }

    @Test
    void cutSnapshotIsDetectedAtTheEnd() throws IOException {
        byte[] bytes = write(5, entries(100));
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 9);
        Codec.SnapshotReader r = codec.readSnapshot(new ByteArrayInputStream(cut));
        CodecException e = assertThrows(CodecException.class, () -> r.forEachRemaining(kv -> { }));
        assertTrue(e.getMessage().contains("snapshot"), e.getMessage());
    }

    @Test
    void flippedByteInsideAValueFailsTheChecksum() throws IOException {
        byte[] bytes = write(5, List.of(new KeyValue(b("key"), b("value-value-value"))));
        int at = indexOf(bytes, b("value-value-value")) + 3;
        bytes[at] ^= 0x01;
        Codec.SnapshotReader r = codec.readSnapshot(new ByteArrayInputStream(bytes));
        CodecException e = assertThrows(CodecException.class, () -> r.forEachRemaining(kv -> { }));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void streamWithoutMagicIsNotASnapshot() {
        CodecException e = assertThrows(CodecException.class,
                () -> codec.readSnapshot(new ByteArrayInputStream(b("hello world, not a snapshot"))));
        assertTrue(e.getMessage().contains("not an eRaft protobuf snapshot"), e.getMessage());
    }

    private byte[] write(long index, List<KeyValue> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.writeSnapshot(index, entries.iterator(), out);
        return out.toByteArray();
    }

    private static List<KeyValue> entries(int n) {
        List<KeyValue> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new KeyValue(b(String.format("key-%06d", i)), b("value-" + i)));
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static String describe(Command c) {
        if (c instanceof Get g) {
            return "get " + new String(g.key(), StandardCharsets.UTF_8);
        } else if (c instanceof Put p) {
            return "put " + new String(p.key(), StandardCharsets.UTF_8) + "=" + Arrays.toString(p.value());
        } else if (c instanceof Append a) {
            return "append " + new String(a.key(), StandardCharsets.UTF_8) + "+" + Arrays.toString(a.suffix());
        } else if (c instanceof Delete d) {
            return "delete " + new String(d.key(), StandardCharsets.UTF_8);
        } else if (c instanceof CompareAndSet s) {
            return "cas " + new String(s.key(), StandardCharsets.UTF_8) + " " + Arrays.toString(s.expected())
                    + "->" + Arrays.toString(s.newValue());
        }
        throw new AssertionError(c);
    }

    private static final class CountingStream extends InputStream {
        private final InputStream in;
        long read;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, Math.min(len, 4096));
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }

}

package io.eraft.api.tck;

import io.eraft.api.codec.Codec;
import io.eraft.api.codec.CodecException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.eraft.api.tck.StoreData.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract of a {@link Codec}: every command kind round-trips with its client id and sequence; snapshots round-trip
 * in order with their applied index and are read lazily; malformed, truncated or unknown input, and a cut or changed
 * snapshot, are refused with {@link CodecException} (never a half-decoded command or a silently different snapshot).
 *
 * <p>How a codec runs it: depend on the kit (eRaft's version) with JUnit Jupiter,
 * <pre>{@code
 * <dependency>
 *   <groupId>io.eraft</groupId>
 *   <artifactId>eraft-api</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 * and extend this class once in the codec's tests:
 * <pre>{@code
 * class MyCodecContractTest extends CodecContract {
 *     @Override
 *     protected Codec codec() {
 *         return new MyCodec();
 *     }
 *
 *     @Override
 *     protected byte[] unknownCommand() {
 *         return ...; // a well-formed command of a kind this codec does not know, as a newer version would write
 *     }
 * }
 * }</pre>
 */
public abstract class CodecContract {

    /** The codec under test (called once per test). */
    protected abstract Codec codec();

    /**
     * Bytes in this codec's format of a command whose kind it does not know, such as a newer version would write:
     * well-formed except for the kind. Only the codec knows its format, so it provides them.
     */
    protected abstract byte[] unknownCommand();

    private static final List<Command> EVERY_KIND = List.of(
            new Get(1, 2, b("k")),
            new Put(3, 4, b("k"), b("v")),
            new Put(3, 5, b("k"), new byte[0]),
            new Append(5, 6, b("k"), b("tail")),
            new Append(5, 7, new byte[] {0x00, (byte) 0xff}, new byte[0]),
            new Delete(7, 8, b("gone")),
            new CompareAndSet(9, 10, b("k"), b("old"), b("new")),
            new CompareAndSet(9, 11, b("k"), null, b("first")),
            new Put(Long.MAX_VALUE, Long.MAX_VALUE, new byte[0], new byte[4096]),
            new Get(-1, 0, new byte[] {(byte) 0x80}));

    @Test
    void everyCommandKindRoundTripsWithClientIdSequenceAndBytes() {
        Codec codec = codec();
        for (Command c : EVERY_KIND) {
            Command back = codec.decodeCommand(codec.encodeCommand(c));
            assertEquals(c.getClass(), back.getClass(), describe(c));
            assertEquals(c.clientId(), back.clientId(), describe(c));
            assertEquals(c.sequence(), back.sequence(), describe(c));
            assertEquals(describe(c), describe(back));
        }
    }

    @Test
    void compareAndSetWithAbsentExpectationStaysDistinctFromEmptyExpectation() {
        Codec codec = codec();
        CompareAndSet absent = (CompareAndSet) codec.decodeCommand(
                codec.encodeCommand(new CompareAndSet(1, 1, b("k"), null, b("v"))));
        CompareAndSet empty = (CompareAndSet) codec.decodeCommand(
                codec.encodeCommand(new CompareAndSet(1, 1, b("k"), new byte[0], b("v"))));
        assertNull(absent.expected());
        assertArrayEquals(new byte[0], empty.expected());
    }

    @Test
    void garbageCommandBytesAreRefusedWithCodecException() {
        Codec codec = codec();
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02};
        CodecException e = assertThrows(CodecException.class, () -> codec.decodeCommand(garbage));
        assertFalse(String.valueOf(e.getMessage()).isBlank(), "the refusal says what was wrong");
    }

    @Test
    void emptyCommandBytesAreRefusedWithCodecException() {
        Codec codec = codec();
        CodecException e = assertThrows(CodecException.class, () -> codec.decodeCommand(new byte[0]));
        assertFalse(String.valueOf(e.getMessage()).isBlank(), "the refusal says what was wrong");
    }

    @Test
    void commandCutShortIsRefusedWithCodecException() {
        Codec codec = codec();
        byte[] full = codec.encodeCommand(new Put(1, 1, b("key"), b("a value long enough")));
        assertThrows(CodecException.class, () -> codec.decodeCommand(Arrays.copyOf(full, full.length - 3)));
    }

    @Test
    void commandOfAnUnknownKindIsRefusedWithCodecException() {
        Codec codec = codec();
        CodecException e = assertThrows(CodecException.class, () -> codec.decodeCommand(unknownCommand()));
        assertFalse(String.valueOf(e.getMessage()).isBlank(), "the refusal says what was wrong");
    }

    @Test
    void snapshotRoundTripKeepsEntriesInOrderAndAppliedIndex() throws IOException {
        Codec codec = codec();
        List<KeyValue> entries = entries(1000);
        entries.add(new KeyValue(new byte[] {(byte) 0xff, 0x00}, new byte[0]));
        Codec.SnapshotReader r = codec.readSnapshot(new ByteArrayInputStream(write(codec, 42, entries)));
        assertEquals(42, r.appliedIndex());
        List<KeyValue> back = new ArrayList<>();
        r.forEachRemaining(back::add);
        assertEquals(entries, back);
        assertFalse(r.hasNext());
    }

    @Test
    void emptySnapshotRoundTripsWithItsAppliedIndex() throws IOException {
        Codec codec = codec();
        Codec.SnapshotReader r = codec.readSnapshot(new ByteArrayInputStream(write(codec, 7, List.of())));
        assertEquals(7, r.appliedIndex());
        assertFalse(r.hasNext());
    }

    @Test
    void snapshotIsReadLazilyFromTheStream() throws IOException {
        Codec codec = codec();
        byte[] bytes = write(codec, 1, entries(10_000));
        CountingStream in = new CountingStream(new ByteArrayInputStream(bytes));
        Codec.SnapshotReader r = codec.readSnapshot(in);
        r.next();
        assertTrue(in.read < bytes.length / 2, "read " + in.read + " of " + bytes.length + " for one entry");
    }

    @Test
    void snapshotCutShortIsRefusedWhenItsEndIsReached() throws IOException {
        Codec codec = codec();
        byte[] bytes = write(codec, 5, entries(100));
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 9);
        Codec.SnapshotReader r = codec.readSnapshot(new ByteArrayInputStream(cut));
        CodecException e = assertThrows(CodecException.class, () -> r.forEachRemaining(kv -> { }));
        assertFalse(String.valueOf(e.getMessage()).isBlank(), "the refusal says what was wrong");
    }

    /**
     * Changes the first byte where the encodings of two snapshots that differ in one byte of a value differ (a byte
     * that encodes that value, or a checksum over it), so the check does not depend on the codec's layout.
     */
    @Test
    void snapshotWithAChangedValueByteIsRefusedNotReadAsOtherData() throws IOException {
        Codec codec = codec();
        byte[] original = write(codec, 5, List.of(new KeyValue(b("key"), b("value-value-value"))));
        byte[] other = write(codec, 5, List.of(new KeyValue(b("key"), b("value-valuE-value"))));
        int at = Arrays.mismatch(original, other);
        assertTrue(at >= 0 && at < Math.min(original.length, other.length),
                "snapshots of different values are encoded alike, or one is a prefix of the other");
        byte[] changed = original.clone();
        changed[at] = other[at];
        CodecException e = assertThrows(CodecException.class, () -> {
            Codec.SnapshotReader r = codec.readSnapshot(new ByteArrayInputStream(changed));
            r.forEachRemaining(kv -> { });
        });
        assertFalse(String.valueOf(e.getMessage()).isBlank(), "the refusal says what was wrong");
    }

    @Test
    void streamThatIsNotASnapshotIsRefusedWithCodecException() {
        Codec codec = codec();
        assertThrows(CodecException.class, () -> {
            Codec.SnapshotReader r = codec.readSnapshot(new ByteArrayInputStream(b("hello world, not a snapshot")));
            r.forEachRemaining(kv -> { });
        });
    }

    private static byte[] write(Codec codec, long index, List<KeyValue> entries) throws IOException {
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

    private static String describe(Command c) {
        if (c instanceof Get g) {
            return "get " + Arrays.toString(g.key());
        } else if (c instanceof Put p) {
            return "put " + Arrays.toString(p.key()) + "=" + Arrays.toString(p.value());
        } else if (c instanceof Append a) {
            return "append " + Arrays.toString(a.key()) + "+" + Arrays.toString(a.suffix());
        } else if (c instanceof Delete d) {
            return "delete " + Arrays.toString(d.key());
        } else if (c instanceof CompareAndSet s) {
            return "cas " + Arrays.toString(s.key()) + " " + Arrays.toString(s.expected()) + "->"
                    + Arrays.toString(s.newValue());
        }
        throw new AssertionError(c);
    }

    /** Counts the bytes read, handing out at most 4 KiB a call, as a socket would. */
    private static final class CountingStream extends InputStream {
        private final InputStream in;
        private long read;

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

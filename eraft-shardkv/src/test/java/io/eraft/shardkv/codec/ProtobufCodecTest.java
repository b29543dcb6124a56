package io.eraft.shardkv.codec;

import io.eraft.api.codec.Codec;
import io.eraft.api.codec.CodecException;
import io.eraft.api.codec.Codecs;
import io.eraft.api.store.KeyValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is particular to the protobuf codec: its name, and the messages of its refusals. The codec contract of the
 * provider test kit (round trips, refusals as CodecException) runs in {@link ProtobufCodecContractTest}.
 */
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
}

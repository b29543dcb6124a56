package io.eraft.raft.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

/** Builds test commands and prints them readably in failure messages. */
public final class Commands {
    private static final int SHOWN = 24;

    private Commands() {
    }

    /** The UTF-8 bytes of {@code text}. */
    public static byte[] of(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code size} random bytes; the first 8 are a random long so commands of one run are distinct. */
    public static byte[] random(Random random, int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    /** A command of exactly {@code size} bytes that starts with {@code label} and is padded with '.'. */
    public static byte[] sized(String label, int size) {
        byte[] text = of(label);
        if (text.length > size) {
            throw new IllegalArgumentException("label '" + label + "' is longer than " + size + " bytes");
        }
        byte[] data = new byte[size];
        java.util.Arrays.fill(data, (byte) '.');
        System.arraycopy(text, 0, data, 0, text.length);
        return data;
    }

    /** The 8-byte big-endian encoding of a log index (what the checking state machine answers a command with). */
    public static byte[] indexResult(long index) {
        return ByteBuffer.allocate(Long.BYTES).putLong(index).array();
    }

    /** Decodes {@link #indexResult(long)}. */
    public static long decodeIndexResult(byte[] result) {
        if (result == null || result.length != Long.BYTES) {
            throw new AssertionError("a command's result must be its 8-byte log index, got "
                    + (result == null ? "null" : result.length + " bytes"));
        }
        return ByteBuffer.wrap(result).getLong();
    }

    /** A short readable form: the text if printable, else hex; long commands are cut. */
    public static String describe(byte[] data) {
        if (data == null) {
            return "null";
        }
        boolean printable = true;
        int shown = Math.min(data.length, SHOWN);
        for (int i = 0; i < shown; i++) {
            if (data[i] < 0x20 || data[i] > 0x7e) {
                printable = false;
                break;
            }
        }
        String head = printable ? "'" + new String(data, 0, shown, StandardCharsets.US_ASCII) + "'"
                : "0x" + HexFormat.of().formatHex(data, 0, shown);
        return data.length > shown ? head + "...(" + data.length + "B)" : head;
    }
}

package io.eraft.api.store;

import java.util.Arrays;

/** Key helpers shared by every provider: unsigned ordering, prefix ends and printing. */
public final class Keys {
    private Keys() {
    }

    /** Compares as unsigned bytes, the order every store iterates in. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** The smallest key greater than every key starting with {@code prefix}, or null if there is none. */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if ((end[i] & 0xff) != 0xff) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }

    /** Printable form: ASCII as is, other bytes as \xNN. Long keys are cut at 64 bytes. */
    public static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(b.length, 64);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        if (b.length > n) {
            sb.append("...(").append(b.length).append(" bytes)");
        }
        return sb.toString();
    }
}

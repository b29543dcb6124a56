package io.eraft.dist.client;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One client's stream of operations: uniformly chosen keys {@code key-000000000000} ... (16 bytes, the key size of
 * the etcd harness's workload) and random printable values. Not thread-safe: one per client.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class Workload {
    private static final byte[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            .getBytes(StandardCharsets.US_ASCII);

    /** The size of every key. */
    public static final int KEY_BYTES = 16;
    private static final byte[] PREFIX = "key-".getBytes(StandardCharsets.US_ASCII);

    private final SplittableRandom random;
    private final int keys;
    private final int valueBytes;
    private final double readRatio;

    /**
     * @param seed       seeds the choice of operations, keys and values (one seed per client)
     * @param keys       the operations choose among keys 0 to {@code keys - 1}
     * @param valueBytes the size of each written value
     * @param readRatio  the share of reads, 0 to 1
     */
    public Workload(long seed, int keys, int valueBytes, double readRatio) {
        this.random = new SplittableRandom(seed);
        this.keys = keys;
        this.valueBytes = valueBytes;
        this.readRatio = readRatio;
    }

    /** Whether the next operation is a read. */
    public boolean nextIsRead() {
        return readRatio > 0 && (readRatio >= 1 || random.nextDouble() < readRatio);
    }

    /** A uniformly chosen key. */
    public byte[] nextKey() {
        return key(random.nextInt(keys));
    }

    /** A new random value of the configured size. */
    public byte[] nextValue() {
        byte[] v = new byte[valueBytes];
        for (int i = 0; i < v.length; i++) {
            v[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return v;
    }

    /**
     * The name of key number {@code i}: {@code key-} and {@code i} in 12 zero-padded digits, {@value #KEY_BYTES}
     * bytes. Formatted by hand: {@code String.format} was a fifth of the bench client's CPU at 256 clients.
     */
    public static byte[] key(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("key numbers start at 0, got " + i);
        }
        byte[] k = new byte[KEY_BYTES];
        System.arraycopy(PREFIX, 0, k, 0, PREFIX.length);
        int n = i;
        for (int at = KEY_BYTES - 1; at >= PREFIX.length; at--) {
            k[at] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return k;
    }
}

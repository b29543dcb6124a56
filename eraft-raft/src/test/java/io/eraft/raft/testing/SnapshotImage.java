package io.eraft.raft.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The state of the checking state machine: how far it applied and the chained digest of what it applied. That is
 * all that is needed to keep checking safety after a restart or a snapshot install.
 *
 * <p>Encoded as: magic, index, digest, padding length, padding bytes (derived from the digest), so a snapshot can be
 * made to span several InstallSnapshot chunks and any chunk lost, repeated or reordered on the way is detected.
 *
 * @param index  last applied index
 * @param digest chained SHA-256 of every applied entry through {@code index}
 */
public record SnapshotImage(long index, byte[] digest) {
    /** The state before anything was applied. */
    public static final SnapshotImage EMPTY = new SnapshotImage(0, new byte[EntryDigest.LENGTH]);

    private static final int MAGIC = 0x45525354; // "ERST"
    private static final int MAX_PADDING = 1 << 24;

    public SnapshotImage {
        if (index < 0) {
            throw new IllegalArgumentException("snapshot index must be >= 0: " + index);
        }
        if (digest.length != EntryDigest.LENGTH) {
            throw new IllegalArgumentException("digest must be " + EntryDigest.LENGTH + " bytes: " + digest.length);
        }
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The encoded snapshot, padded with {@code paddingBytes} bytes derived from the digest. */
    public byte[] encode(int paddingBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + digest.length + paddingBytes);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeLong(index);
            out.write(digest);
            out.writeInt(paddingBytes);
            out.write(padding(digest, paddingBytes));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a snapshot that is only an image.
     *
     * @throws IOException naming what is wrong: bad magic, truncation, trailing bytes, or damaged padding
     */
    public static SnapshotImage decode(InputStream stream) throws IOException {
        SnapshotImage image = decodeHeader(stream);
        if (stream.read() != -1) {
            throw new IOException("snapshot has bytes after its end");
        }
        return image;
    }

    /**
     * Decodes the image at the start of {@code stream} and leaves what follows (an application's snapshot) unread.
     *
     * @throws IOException naming what is wrong: bad magic, truncation, or damaged padding
     */
    public static SnapshotImage decodeHeader(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException("not a test snapshot: magic " + Integer.toHexString(magic));
            }
            long index = in.readLong();
            byte[] digest = in.readNBytes(EntryDigest.LENGTH);
            if (digest.length != EntryDigest.LENGTH) {
                throw new EOFException("snapshot truncated inside its digest");
            }
            int paddingBytes = in.readInt();
            if (paddingBytes < 0 || paddingBytes > MAX_PADDING) {
                throw new IOException("snapshot padding length out of range: " + paddingBytes);
            }
            byte[] padding = in.readNBytes(paddingBytes);
            if (padding.length != paddingBytes) {
                throw new EOFException("snapshot truncated: " + padding.length + " of " + paddingBytes
                        + " padding bytes");
            }
            if (!Arrays.equals(padding, padding(digest, paddingBytes))) {
                throw new IOException("snapshot padding damaged (chunks lost, repeated or reordered)");
            }
            return new SnapshotImage(index, digest);
        } catch (EOFException e) {
            throw new IOException("snapshot truncated: " + e.getMessage(), e);
        }
    }

    private static byte[] padding(byte[] digest, int length) {
        long seed = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            seed = (seed << 8) | (digest[i] & 0xff);
        }
        SplittableRandom random = new SplittableRandom(seed);
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnapshotImage other && other.index == index && Arrays.equals(other.digest, digest);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "SnapshotImage[index=" + index + "]";
    }
}

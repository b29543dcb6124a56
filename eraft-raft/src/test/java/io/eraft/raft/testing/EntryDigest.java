package io.eraft.raft.testing;

import io.eraft.api.log.LogEntry;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The chained digest of an applied history: digest(i) = SHA-256(digest(i-1), index, term, type, data). */
final class EntryDigest {
    static final int LENGTH = 32;
    private final MessageDigest sha256;

    EntryDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    byte[] next(byte[] previous, LogEntry entry) {
        sha256.reset();
        sha256.update(previous);
        sha256.update(ByteBuffer.allocate(2 * Long.BYTES + Integer.BYTES)
                .putLong(entry.index()).putLong(entry.term()).putInt(entry.type().ordinal()).flip());
        sha256.update(entry.data());
        return sha256.digest();
    }
}

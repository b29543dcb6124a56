package io.eraft.shardkv.kv;

/**
 * When idle client sessions are dropped. Time is counted in log entries, never in wall-clock time, so every replica
 * drops the same sessions at the same log index: whenever the index being applied is a multiple of
 * {@code sweepEveryEntries}, every session whose last write is {@code ttlEntries} or more entries older is removed
 * (in the same store batch as that entry).
 *
 * @param ttlEntries        how many log entries a session survives without a write
 * @param sweepEveryEntries how often (in log entries) expired sessions are looked for
 */
public record SessionPolicy(long ttlEntries, long sweepEveryEntries) {
    /** Sessions live for 1,000,000 entries without a write; checked every 10,000 entries. */
    public static final SessionPolicy DEFAULT = new SessionPolicy(1_000_000, 10_000);

    public SessionPolicy {
        if (ttlEntries < 1 || sweepEveryEntries < 1) {
            throw new IllegalArgumentException("ttlEntries and sweepEveryEntries must be >= 1: " + ttlEntries + ", "
                    + sweepEveryEntries);
        }
    }

    /** Whether expired sessions are removed when the entry at {@code index} is applied. */
    boolean sweepsAt(long index) {
        return index % sweepEveryEntries == 0;
    }
}

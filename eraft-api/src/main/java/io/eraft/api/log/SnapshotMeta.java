package io.eraft.api.log;

/**
 * Where the log starts after compaction: the last index and term covered by the state machine's snapshot.
 * {@code (0, 0)} means no snapshot; the log then starts at index 1.
 */
public record SnapshotMeta(long index, long term) {
    public static final SnapshotMeta NONE = new SnapshotMeta(0, 0);

    public SnapshotMeta {
        if (index < 0 || term < 0) {
            throw new IllegalArgumentException("snapshot index and term must be >= 0: " + index + "@" + term);
        }
    }
}

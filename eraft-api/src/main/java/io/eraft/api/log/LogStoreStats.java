package io.eraft.api.log;

/**
 * Counters of a log store.
 *
 * @param entriesAppended entries appended since open
 * @param syncs           fsyncs (or their in-memory equivalent) since open
 * @param bytesWritten    bytes written since open
 */
public record LogStoreStats(long entriesAppended, long syncs, long bytesWritten) {
    public static final LogStoreStats NONE = new LogStoreStats(0, 0, 0);

    /** The sum of this and {@code other}: counters of several logs together. */
    public LogStoreStats plus(LogStoreStats other) {
        return new LogStoreStats(entriesAppended + other.entriesAppended, syncs + other.syncs,
                bytesWritten + other.bytesWritten);
    }

    /** What happened between {@code earlier} and this: entries per fsync of a measured window. */
    public LogStoreStats minus(LogStoreStats earlier) {
        return new LogStoreStats(entriesAppended - earlier.entriesAppended, syncs - earlier.syncs,
                bytesWritten - earlier.bytesWritten);
    }

    /** Entries per fsync: how well group commit batches. */
    public double entriesPerSync() {
        return syncs == 0 ? 0 : (double) entriesAppended / syncs;
    }
}

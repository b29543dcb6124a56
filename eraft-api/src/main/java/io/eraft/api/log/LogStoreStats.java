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

    /** Entries per fsync: how well group commit batches. */
    public double entriesPerSync() {
        return syncs == 0 ? 0 : (double) entriesAppended / syncs;
    }
}

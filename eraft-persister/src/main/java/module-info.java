/**
 * Raft log stores: {@code segmented}, the durable log in CRC32C-checked segment files with group commit, torn-tail
 * recovery, damage detection and offline repair, and {@code memory}, an in-memory log whose simulated crash keeps
 * only what was synced.
 */
module io.eraft.persister {
    requires transitive io.eraft.api; // the exported MemoryLogStore and providers speak in LogStore types
    requires org.slf4j;

    exports io.eraft.persister;

    provides io.eraft.api.log.LogStoreProvider
            with io.eraft.persister.SegmentedLogStoreProvider, io.eraft.persister.MemoryLogStoreProvider;
}

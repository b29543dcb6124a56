package io.eraft.persister;

import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.store.StoreOption;
import io.eraft.api.store.StoreOptions;
import io.eraft.persister.segment.SegmentedLogStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The durable Raft log, {@code segmented}: entries and hard state as CRC32C-checked records in segment files, group
 * commit (one fsync per batch of writes), torn-tail recovery on open.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code fsync} (true|false, default true): fsync before a write's future completes. Off, writes survive a
 *       process crash but not a machine crash.</li>
 *   <li>{@code segment-bytes} (default 64m; suffixes k, m, g): size at which a new segment file is started.</li>
 *   <li>{@code cache-bytes} (default 16m): written entries kept in memory for reads; older ones are read back from
 *       their segment. Entries not yet written are always in memory.</li>
 * </ul>
 *
 * <p>Directory layout: {@code 00000000000000000001.seg}, ... (the records), {@code META} (the snapshot the log
 * starts after and its first segment, replaced atomically by compaction and reset) and {@code LOCK} (held while
 * open, by one instance in one process). The hard state is a record in the log, repeated at the start of every
 * segment, so it is made durable by the same fsync as the entries written with it.
 */
public final class SegmentedLogStoreProvider implements LogStoreProvider {
    static final StoreOption<Boolean> FSYNC = StoreOption.bool("fsync", true,
            "fsync each batch of writes before completing their futures");
    static final StoreOption<Long> SEGMENT_BYTES = StoreOption.size("segment-bytes", 64L << 20, 1L << 10, 1L << 30,
            "start a new segment file at this size (k, m, g suffixes)");
    static final StoreOption<Long> CACHE_BYTES = StoreOption.size("cache-bytes", 16L << 20, 0, 1L << 40,
            "bytes of written entries kept in memory for reads (k, m, g suffixes)");
    private static final List<StoreOption<?>> OPTIONS = List.of(FSYNC, SEGMENT_BYTES, CACHE_BYTES);

    @Override
    public String name() {
        return "segmented";
    }

    /**
     * @throws io.eraft.api.log.LogStoreException     for unknown or bad options, or a directory open elsewhere
     * @throws io.eraft.api.log.LogCorruptedException if a record before the tail is damaged
     */
    @Override
    public LogStore open(Path directory, Map<String, String> options) {
        StoreOptions parsed = LogOptions.parse(name(), OPTIONS, options);
        SegmentedLogStore.Settings settings = new SegmentedLogStore.Settings(parsed.get(FSYNC),
                parsed.get(SEGMENT_BYTES), parsed.get(CACHE_BYTES));
        return SegmentedLogStore.open(directory, settings, Executors.defaultThreadFactory());
    }
}

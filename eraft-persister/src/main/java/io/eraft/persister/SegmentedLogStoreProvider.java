package io.eraft.persister;

import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.settings.Setting;
import io.eraft.api.settings.Settings;
import io.eraft.persister.segment.SegmentedLogStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The durable Raft log, {@code segmented}: entries as CRC32C-checked records in segment files, the hard state in two
 * checksummed files, group commit (one fsync per batch of writes), torn-tail recovery on open, offline repair.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code fsync} (true|false, default true): fsync before a write's future completes. Off, writes survive a
 *       process crash but not a machine crash.</li>
 *   <li>{@code segment-bytes} (default 64MiB; sizes as {@link io.eraft.api.settings.Sizes}): size at which a new segment file is started.</li>
 *   <li>{@code cache-bytes} (default 16MiB): written entries kept in memory for reads; older ones are read back from
 *       their segment. Entries not yet written are always in memory.</li>
 * </ul>
 *
 * <p>Directory layout: {@code 00000000000000000001.seg}, ... (the records), {@code META} (the snapshot the log
 * starts after and its first segment, replaced atomically by compaction and reset), {@code HARDSTATE-A} and
 * {@code HARDSTATE-B} (the term, vote and recovering flag, saved into the two alternately, so a torn save leaves the
 * other) and {@code LOCK} (held while open, by one instance in one process).
 *
 * <p>Open cuts a torn tail (the unsynced end of the last write) silently and refuses damage to what was fsynced with
 * a {@link io.eraft.api.log.LogCorruptedException} whose message names the file, the offset and the command that
 * repairs the log ({@code eraft repair-log}, which calls {@link #repair}).
 */
public final class SegmentedLogStoreProvider implements LogStoreProvider {
    static final Setting<Boolean> FSYNC = Setting.bool("fsync", true,
            "fsync each batch of writes before completing their futures");
    static final Setting<Long> SEGMENT_BYTES = Setting.size("segment-bytes", 64L << 20, 1L << 10, 1L << 30,
            "start a new segment file at this size");
    static final Setting<Long> CACHE_BYTES = Setting.size("cache-bytes", 16L << 20, 0, 1L << 40,
            "bytes of written entries kept in memory for reads");
    static final List<Setting<?>> OPTIONS = List.of(FSYNC, SEGMENT_BYTES, CACHE_BYTES);

    @Override
    public List<Setting<?>> settings() {
        return OPTIONS;
    }

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
        Settings parsed = LogOptions.parse(name(), OPTIONS, options);
        SegmentedLogStore.Settings settings = new SegmentedLogStore.Settings(parsed.get(FSYNC),
                parsed.get(SEGMENT_BYTES), parsed.get(CACHE_BYTES));
        return SegmentedLogStore.open(directory, settings, Executors.defaultThreadFactory());
    }

    /**
     * Repairs a log that {@link #open} refused as damaged, offline (no process may have it open): cuts it at the
     * first damaged record and marks the hard state recovering; a lost hard state is rebuilt from the log. Every
     * step is durable before the next, so a crash during the repair leaves a log that opens or that repair can
     * still repair. The options are checked as for {@link #open}; the repair always fsyncs.
     *
     * @return a one-paragraph report: what was damaged (file, offset), what was cut (files, entries)
     * @throws io.eraft.api.log.LogStoreException if the log cannot be repaired, or is open
     */
    @Override
    public String repair(Path directory, Map<String, String> options) {
        LogOptions.parse(name(), OPTIONS, options);
        return SegmentedLogStore.repair(directory);
    }
}

package io.eraft.persister.segment;

import io.eraft.api.log.HardState;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.log.LogStoreStats;
import io.eraft.api.log.SnapshotMeta;
import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.persister.core.GatedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.eraft.persister.Entries.entry;
import static io.eraft.persister.Entries.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the segmented log records through {@link LogStore#recordTo}. */
class SegmentedLogMetricsTest {
    private static final String FSYNC_SECONDS = "eraft_log_fsync_seconds";
    private static final String ENTRIES_PER_FSYNC = "eraft_log_entries_per_fsync";
    private static final String APPENDED = "eraft_log_appended_entries_total";
    private static final String WRITTEN_BYTES = "eraft_log_written_bytes_total";

    @TempDir
    Path dir;

    private LogStore open(boolean fsync) {
        return LogStoreProvider.byName("segmented").open(dir, Map.of("fsync", Boolean.toString(fsync)));
    }

    @Test
    void appendsWithFsyncOnCountEntriesBytesAndOneFsyncedBatchPerAppend() {
        InMemoryMetrics metrics = new InMemoryMetrics();
        String[] node = {"group", "g1", "node", "n1"};
        try (LogStore log = open(true)) {
            LogStoreStats before = log.stats();
            log.recordTo(metrics.withLabels(node));
            for (int i = 0; i < 5; i++) {
                log.append(range(i * 10 + 1, i * 10 + 10, 1)).join(); // five batches of ten, one after the other
            }
            LogStoreStats written = log.stats().minus(before);

            assertEquals(50, metrics.counterValue(APPENDED, node), metrics.names().toString());
            assertTrue(written.bytesWritten() > 0);
            assertEquals(written.bytesWritten(), metrics.counterValue(WRITTEN_BYTES, node));
            assertEquals(5, metrics.histogramCount(ENTRIES_PER_FSYNC, node), "one fsynced batch per joined append");
            assertEquals(50.0, metrics.histogramSum(ENTRIES_PER_FSYNC, node));
            assertTrue(metrics.histogramCount(FSYNC_SECONDS, node) >= 5,
                    "at least one fsync per batch: " + metrics.histogramCount(FSYNC_SECONDS, node));
            assertTrue(metrics.histogramSum(FSYNC_SECONDS, node) > 0, "fsyncs take some time");
        }
    }

    @Test
    void appendsQueuedDuringOneFsyncAreRecordedAsOneBatchOfAllOfThem() {
        open(true).close(); // creates the first segment, which the gated writer could not
        GatedThreads writer = new GatedThreads();
        InMemoryMetrics metrics = new InMemoryMetrics();
        SegmentedLogStore.Settings settings = new SegmentedLogStore.Settings(true, 64 << 20, 16 << 20);
        try (SegmentedLogStore log = SegmentedLogStore.open(dir, settings, writer)) {
            log.recordTo(metrics);
            List<CompletableFuture<Long>> acks = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                acks.add(log.append(List.of(entry(i, 1))));
            }
            CompletableFuture<Void> vote = log.saveHardState(new HardState(1, "n1"));
            writer.open(); // the writer starts with all 101 writes queued, as if they came during one fsync
            acks.forEach(CompletableFuture::join);
            vote.join();

            assertEquals(1, metrics.histogramCount(ENTRIES_PER_FSYNC), metrics.names().toString());
            assertEquals(100.0, metrics.histogramSum(ENTRIES_PER_FSYNC));
            assertEquals(100, metrics.counterValue(APPENDED));
            assertTrue(metrics.histogramCount(FSYNC_SECONDS) >= 2,
                    "the hard state and the segment are each fsynced: " + metrics.histogramCount(FSYNC_SECONDS));
        }
    }

    @Test
    void withFsyncOffEntriesAndBytesAreCountedButNoFsyncIsRecorded() {
        InMemoryMetrics metrics = new InMemoryMetrics();
        try (LogStore log = open(false)) {
            log.recordTo(metrics);
            log.append(range(1, 30, 1)).join();
            log.saveHardState(new HardState(1, "n1")).join();

            assertEquals(30, metrics.counterValue(APPENDED));
            assertTrue(metrics.counterValue(WRITTEN_BYTES) > 0);
            assertEquals(0, metrics.histogramCount(FSYNC_SECONDS));
            assertEquals(0, metrics.histogramCount(ENTRIES_PER_FSYNC));
        }
    }

    @Test
    void compactionFsyncsAreTimedButRecordNoEntriesPerFsync() {
        InMemoryMetrics metrics = new InMemoryMetrics();
        try (LogStore log = open(true)) {
            log.append(range(1, 20, 1)).join();
            log.recordTo(metrics);
            log.compact(new SnapshotMeta(10, 1)).join(); // the meta file and its directory are fsynced

            assertTrue(metrics.histogramCount(FSYNC_SECONDS) >= 2, metrics.names().toString());
            assertEquals(0, metrics.histogramCount(ENTRIES_PER_FSYNC));
            assertEquals(0, metrics.counterValue(APPENDED), "appends before recordTo are not recorded");
        }
    }
}

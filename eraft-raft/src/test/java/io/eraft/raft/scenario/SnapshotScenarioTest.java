package io.eraft.raft.scenario;

import io.eraft.api.raft.RaftConfig;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.testing.Commands;
import io.eraft.raft.testing.LogKind;
import io.eraft.raft.testing.RaftCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Log compaction and snapshot installation (after MIT 6.824's 2D tests). Commands are 16 bytes, so a log entry is
 * 40 bytes and the 400-byte threshold asks for a snapshot about every 10 entries. Snapshots carry 1,500 bytes of
 * checked padding and travel in 512-byte chunks, so each install takes several chunks.
 */
@Timeout(120)
class SnapshotScenarioTest {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotScenarioTest.class);
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final int COMMAND_BYTES = 16;
    private static final long THRESHOLD_BYTES = 10L * (COMMAND_BYTES + 24);
    private static final long MAX_LOG_BYTES = 2_000;
    private static final int ITERATIONS = 30;

    @Test
    void logStaysUnderTwoThousandBytesAsSnapshotsAreTakenEveryTenEntries(TestSeed seed) {
        snapshotScenario(seed, false, true, false);
    }

    @Test
    void disconnectedFollowerCatchesUpByInstallingASnapshot(TestSeed seed) {
        snapshotScenario(seed, true, true, false);
    }

    @Test
    void disconnectedFollowerInstallsSnapshotsOnAnUnreliableNetwork(TestSeed seed) {
        snapshotScenario(seed, true, false, false);
    }

    @Test
    void crashedFollowerRestartsFromItsSnapshotAndCatchesUp(TestSeed seed) {
        snapshotScenario(seed, false, true, true);
    }

    @Test
    void crashedFollowerCatchesUpWithSnapshotsOnAnUnreliableNetwork(TestSeed seed) {
        snapshotScenario(seed, false, false, true);
    }

    /**
     * Seen: with the threshold below the durable log's segment size (256 KiB) the log stays above the threshold,
     * because compaction removes whole segments only, and snapshots were taken after nearly every apply. A snapshot is
     * taken each time the entries applied since the last one reach the threshold, whatever the log's size.
     */
    @Test
    void thresholdBelowTheSegmentSizeTakesOneSnapshotPerThresholdOfAppliedBytes(TestSeed seed, @TempDir Path dir) {
        long threshold = 16L << 10;
        int commandBytes = 1_000;
        int commands = 160; // about 160 KiB: one segment, which compaction cannot drop
        RaftConfig config = RaftCluster.testConfig().withSnapshotThresholdBytes(threshold);
        try (RaftCluster c = RaftCluster.builder(3, seed).config(config).logKind(LogKind.SEGMENTED).baseDir(dir)
                .start()) {
            long last = 0;
            for (int i = 0; i < commands; i++) {
                last = c.one(Commands.sized("command-" + i, commandBytes), 3, true);
            }
            c.awaitApplied(last, 3);
            for (NodeId id : c.ids()) {
                long entries = c.appliedIndex(id);
                long appliedBytes = commands * (commandBytes + 24L) + (entries - commands) * 24L; // + no-ops
                long atMost = appliedBytes / threshold;
                int taken = c.snapshotsTaken(id);
                long logBytes = c.log(id).sizeInBytes();
                LOG.info("{}: {} snapshots for {} applied bytes (threshold {}), log {} bytes", id, taken,
                        appliedBytes, threshold, logBytes);
                assertTrue(taken >= 1, id + " took no snapshot after " + appliedBytes + " applied bytes");
                assertTrue(taken <= atMost, id + " took " + taken + " snapshots for " + appliedBytes
                        + " applied bytes, at most " + atMost + " with a threshold of " + threshold);
                assertTrue(logBytes > threshold, "the scenario needs the log above the threshold: " + logBytes);
            }
        }
    }

    /** MIT's snapcommon: each iteration cuts off or crashes a victim, adds 5..14 entries, then brings it back. */
    private static void snapshotScenario(TestSeed seed, boolean disconnect, boolean reliable, boolean crash) {
        Random random = seed.random(1);
        int servers = 3;
        RaftConfig config = RaftCluster.testConfig().withSnapshotThresholdBytes(THRESHOLD_BYTES)
                .withSnapshotChunkBytes(512);
        try (RaftCluster c = RaftCluster.builder(servers, seed).config(config).snapshotPaddingBytes(1_500).start()) {
            c.setReliable(reliable);
            c.one(command(random), servers, true);
            NodeId leader = c.checkOneLeader();
            long largestLog = 0;
            for (int i = 0; i < ITERATIONS; i++) {
                NodeId victim = c.next(leader, 1);
                NodeId sender = leader;
                if (i % 3 == 1) {
                    sender = c.next(leader, 1);
                    victim = leader;
                }
                if (disconnect) {
                    c.disconnect(victim);
                    c.one(command(random), servers - 1, true);
                }
                if (crash) {
                    c.crash(victim);
                    c.one(command(random), servers - 1, true);
                }
                // enough entries to make a snapshot likely; the sender may not lead, then nothing happens
                int entries = 5 + random.nextInt(10);
                for (int k = 0; k < entries; k++) {
                    c.propose(sender, command(random));
                }
                c.one(command(random), disconnect || crash ? servers - 1 : servers, true);
                largestLog = Math.max(largestLog, assertLogsSmall(c, i));
                if (disconnect) {
                    c.connect(victim);
                    c.one(command(random), servers, true);
                    leader = c.checkOneLeader();
                }
                if (crash) {
                    c.restart(victim);
                    c.one(command(random), servers, true);
                    leader = c.checkOneLeader();
                }
            }
            LOG.info("snapshots (disconnect={}, reliable={}, crash={}): {} installs, {} restarts from a snapshot, "
                    + "largest log {} bytes, {} entries", disconnect, reliable, crash, c.history().installCount(),
                    c.restartsFromSnapshot(), largestLog, c.history().highestIndex());
            for (NodeId id : c.ids()) {
                long snapshotIndex = c.status(id).orElseThrow().snapshotIndex();
                assertTrue(snapshotIndex > 0, id + " never compacted its log; " + c.describeStatuses());
            }
            if (disconnect) {
                assertTrue(c.history().installCount() > 0,
                        "no lagging member ever installed a snapshot in " + ITERATIONS + " iterations");
            }
            if (crash) {
                assertTrue(c.restartsFromSnapshot() > 0,
                        "no crashed member ever restarted from a snapshot in " + ITERATIONS + " iterations");
            }
        }
    }

    /** Fails if a running member's log holds 2,000 bytes or more; returns the largest size seen. */
    private static long assertLogsSmall(RaftCluster c, int iteration) {
        long largest = 0;
        for (NodeId id : c.ids()) {
            if (!c.isUp(id)) {
                continue;
            }
            long stored = c.log(id).sizeInBytes();
            long reported = c.status(id).orElseThrow().logBytes();
            if (stored >= MAX_LOG_BYTES || reported >= MAX_LOG_BYTES) {
                throw c.failure("iteration " + iteration + ": " + id + "'s log holds " + stored + " bytes (status says "
                        + reported + "), expected under " + MAX_LOG_BYTES + " with a snapshot every ~10 entries; "
                        + c.describeStatuses());
            }
            largest = Math.max(largest, stored);
        }
        return largest;
    }

    private static byte[] command(Random random) {
        return Commands.random(random, COMMAND_BYTES);
    }
}

package io.eraft.dist.cluster;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.server.NodeStatus;
import io.eraft.shardkv.linearizability.CheckResult;
import io.eraft.shardkv.linearizability.History;
import io.eraft.shardkv.linearizability.LinearizabilityChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three server processes (LevelDB, fsync on): 10,000 keys written, then 2,000 of them rewritten while the leader is
 * killed with SIGKILL mid-way (requests in flight), then the old leader restarted. Snapshots are taken every 256 KiB
 * of log. Every acknowledged write must be readable afterwards, the restarted node must
 * catch up, and the whole recorded history must be linearizable.
 */
class KillLeaderIT {
    private static final int KEYS = 10_000;
    private static final int REWRITTEN = 2_000;
    /** The leader is killed once this many second-round writes are acknowledged. */
    private static final int KILL_AFTER = 300;
    private static final int ACKED = 1;
    private static final int UNKNOWN = 2;

    private static byte[] key(int i) {
        return String.format("k%05d", i).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] value(int round, int i) {
        return ("v" + round + "-" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    @Timeout(300)
    void killingTheLeaderLosesNoAcknowledgedWriteAndTheHistoryIsLinearizable(@TempDir Path dir) throws Exception {
        // Small snapshots: the log is compacted several times, so the restarted node may need a snapshot to catch up.
        try (ProcessCluster cluster = new ProcessCluster(dir, 3, List.of("snapshot.threshold=256k")).startAll()) {
            NodeId leader = cluster.awaitLeader();
            History history = new History();
            AtomicIntegerArray first = new AtomicIntegerArray(KEYS);
            AtomicIntegerArray second = new AtomicIntegerArray(REWRITTEN);

            Parallel.forEach(32, KEYS, w -> new RecordedClerk(w, cluster.client.newClerk(), history),
                    (c, i) -> first.set(i, c.put(key(i), value(1, i)) ? ACKED : UNKNOWN), 180);
            for (int i = 0; i < KEYS; i++) {
                assertEquals(ACKED, first.get(i), "with no fault every first write is acknowledged; key " + i);
            }

            AtomicInteger acknowledged = new AtomicInteger();
            Parallel.forEach(16, REWRITTEN, w -> new RecordedClerk(100 + w, cluster.client.newClerk(), history),
                    (c, i) -> {
                        boolean ok = c.put(key(i), value(2, i));
                        second.set(i, ok ? ACKED : UNKNOWN);
                        if (ok && acknowledged.incrementAndGet() == KILL_AFTER) {
                            cluster.node(leader).kill(); // while the other writers' requests are in flight
                        }
                    }, 180);
            assertTrue(!cluster.node(leader).alive(), "the leader was killed during the second round");
            cluster.node(leader).start();

            NodeId newLeader = cluster.awaitLeader();
            NodeStatus now = cluster.status(newLeader).orElseThrow();
            assertTrue(now.snapshotIndex() > 0, "the leader's log was compacted by a snapshot: " + now);
            cluster.awaitApplied(leader, now.commitIndex());

            List<String> problems = new ArrayList<>();
            Parallel.forEach(32, KEYS, w -> new RecordedClerk(200 + w, cluster.client.newClerk(), history), (c, i) -> {
                RecordedClerk.Read r = c.get(key(i));
                String problem = checkRead(i, r, i < REWRITTEN ? second.get(i) : 0);
                if (problem != null) {
                    synchronized (problems) {
                        problems.add(problem);
                    }
                }
            }, 180);
            assertTrue(problems.isEmpty(), problems.size() + " keys lost acknowledged writes, e.g. "
                    + problems.subList(0, Math.min(10, problems.size())));

            CheckResult check = LinearizabilityChecker.check(history, Duration.ofSeconds(60));
            assertEquals(CheckResult.Verdict.LINEARIZABLE, check.verdict(), check.toString());
        }
    }

    /** What is wrong with the read of key {@code i}, or null: the value must be the last acknowledged write's. */
    private static String checkRead(int i, RecordedClerk.Read read, int secondWrite) {
        if (!read.acknowledged()) {
            return "k" + i + ": the read failed";
        }
        List<byte[]> allowed = secondWrite == ACKED ? List.of(value(2, i))
                : secondWrite == UNKNOWN ? List.of(value(1, i), value(2, i)) : List.of(value(1, i));
        for (byte[] a : allowed) {
            if (Arrays.equals(a, read.value())) {
                return null;
            }
        }
        return "k" + i + ": read " + (read.value() == null ? "nothing" : new String(read.value(),
                StandardCharsets.US_ASCII)) + ", expected one of " + allowed.stream()
                .map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
    }
}

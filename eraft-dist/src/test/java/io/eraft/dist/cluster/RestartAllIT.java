package io.eraft.dist.cluster;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight writers append numbered tokens to their own keys while all three server processes are killed with SIGKILL
 * at once and restarted, twice. Afterwards every acknowledged token must be in its key exactly once, in order, no
 * token may appear that was never sent, and the recorded history must be linearizable.
 */
class RestartAllIT {
    private static final int WRITERS = 8;
    private static final int ROUNDS = 2;
    /** Acknowledged appends to wait for between faults, so that each fault hits a running load. */
    private static final int PROGRESS = 100;

    /** One writer: appends "w.n;" to its key and remembers which tokens were acknowledged. */
    private static final class Writer implements Runnable {
        final int id;
        final RecordedClerk clerk;
        final AtomicBoolean stop;
        final AtomicLong acked;
        final List<Integer> acknowledged = new ArrayList<>();
        int sent;

        Writer(int id, RecordedClerk clerk, AtomicBoolean stop, AtomicLong acked) {
            this.id = id;
            this.clerk = clerk;
            this.stop = stop;
            this.acked = acked;
        }

        byte[] key() {
            return ("acc-" + id).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void run() {
            while (!stop.get()) {
                int n = sent++;
                if (clerk.append(key(), (id + "." + n + ";").getBytes(StandardCharsets.US_ASCII))) {
                    acknowledged.add(n);
                    acked.incrementAndGet();
                }
            }
        }
    }

    @Test
    @Timeout(300)
    void killingEveryNodeDuringWritesLosesNothingAcknowledged(@TempDir Path dir) throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir, 3).startAll()) {
            cluster.awaitLeader();
            History history = new History();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong acked = new AtomicLong();
            List<Writer> writers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Writer writer = new Writer(w, new RecordedClerk(w, cluster.client.newClerk(), history), stop, acked);
                writers.add(writer);
                threads.add(new Thread(writer, "writer-" + w));
            }
            threads.forEach(Thread::start);
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    awaitProgress(acked, cluster);
                    for (ServerProcess node : cluster.nodes) {
                        node.kill();
                    }
                    cluster.nodes.forEach(ServerProcess::start);
                    cluster.awaitLeader();
                }
                awaitProgress(acked, cluster);
            } finally {
                stop.set(true);
                for (Thread t : threads) {
                    t.join(60_000);
                }
            }

            RecordedClerk reader = new RecordedClerk(WRITERS, cluster.client.newClerk(), history);
            for (Writer w : writers) {
                RecordedClerk.Read r = reader.get(w.key());
                assertTrue(r.acknowledged(), "the final read of " + new String(w.key(), StandardCharsets.US_ASCII)
                        + " failed; " + cluster.describe());
                checkTokens(w, r.value() == null ? "" : new String(r.value(), StandardCharsets.US_ASCII));
            }
            CheckResult check = LinearizabilityChecker.check(history, Duration.ofSeconds(60));
            assertEquals(CheckResult.Verdict.LINEARIZABLE, check.verdict(), check.toString());
        }
    }

    private static void awaitProgress(AtomicLong acked, ProcessCluster cluster) throws InterruptedException {
        long target = acked.get() + PROGRESS;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acked.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + PROGRESS + " appends acknowledged in 60 s; "
                        + cluster.describe());
            }
            Thread.sleep(20);
        }
    }

    /** Every acknowledged token present once, tokens in sending order, none that was never sent. */
    private static void checkTokens(Writer w, String value) {
        List<Integer> present = new ArrayList<>();
        for (String token : value.split(";")) {
            if (token.isEmpty()) {
                continue;
            }
            String[] parts = token.split("\\.");
            assertEquals(String.valueOf(w.id), parts[0], "key of writer " + w.id + " holds another's token " + token);
            present.add(Integer.parseInt(parts[1]));
        }
        for (int i = 1; i < present.size(); i++) {
            assertTrue(present.get(i) > present.get(i - 1), "writer " + w.id + ": token " + present.get(i)
                    + " follows " + present.get(i - 1) + " (duplicate or out of order): " + value);
        }
        Set<Integer> have = new HashSet<>(present);
        List<Integer> lost = w.acknowledged.stream().filter(n -> !have.contains(n)).toList();
        assertTrue(lost.isEmpty(), "writer " + w.id + " lost acknowledged appends " + lost + " of "
                + w.acknowledged.size());
        assertTrue(present.stream().allMatch(n -> n < w.sent), "writer " + w.id + " has a token it never sent: "
                + value);
    }
}

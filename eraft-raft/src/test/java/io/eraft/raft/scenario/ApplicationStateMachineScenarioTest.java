package io.eraft.raft.scenario;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.raft.StateMachine;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.testing.Commands;
import io.eraft.raft.testing.RaftCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster replicating into an application's own state machine (as the KV suites do): the application sees every
 * entry, its results reach the proposers, and its state survives crashes and snapshot installs, while the safety
 * checks keep running around it.
 */
@Timeout(60)
class ApplicationStateMachineScenarioTest {
    /** Seeds each test and names the seed in every failure (an instance: JUnit cannot reflect on the fixture). */
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    @Test
    void applicationStateStaysIdenticalOnEveryMemberThroughACutOffACrashAndSnapshotInstalls(TestSeed seed)
            throws Exception {
        Map<NodeId, SumMachine> current = new ConcurrentHashMap<>();
        RaftConfig config = RaftCluster.testConfig().withSnapshotThresholdBytes(400).withSnapshotChunkBytes(256);
        try (RaftCluster c = RaftCluster.builder(3, seed).config(config).snapshotPaddingBytes(600)
                .stateMachines((member, dir) -> {
                    SumMachine machine = new SumMachine(dir);
                    current.put(member, machine);
                    return machine;
                }).start()) {
            long expected = 0;
            int next = 1;
            for (; next <= 20; next++) {
                expected += next;
                assertEquals("sum=" + expected, add(c, next), "the leader must answer with the application's result");
            }

            NodeId leader = c.checkOneLeader();
            NodeId cutOff = c.next(leader, 1);
            c.disconnect(cutOff);
            for (; next <= 60; next++) {
                expected += next;
                add(c, next);
            }
            c.connect(cutOff);
            awaitSums(c, current, expected);
            assertTrue(c.history().installCount() > 0, "the cut-off member caught up without a snapshot install");

            NodeId crashed = c.next(c.checkOneLeader(), 2);
            c.crash(crashed);
            for (; next <= 80; next++) {
                expected += next;
                add(c, next);
            }
            c.restart(crashed);
            awaitSums(c, current, expected);
        }
    }

    /**
     * Proposes "+n" through the current leader and returns the application's answer. A proposal that failed or got
     * no answer may still commit (a leader that steps down fails its proposals, but the next leader may commit their
     * entries), so it is proposed again: the application adds each n once.
     */
    private static String add(RaftCluster c, int n) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            NodeId leader = c.checkOneLeader();
            try {
                byte[] result = c.propose(leader, Commands.of(Integer.toString(n))).get(10, TimeUnit.SECONDS);
                return new String(result, StandardCharsets.UTF_8);
            } catch (ExecutionException | TimeoutException e) {
                // leadership moved; a stable group should not need this more than once or twice
            }
        }
        throw c.failure("no leader committed +" + n + " in 5 attempts");
    }

    private static void awaitSums(RaftCluster c, Map<NodeId, SumMachine> machines, long expected) {
        if (!Poll.until(Duration.ofSeconds(10),
                () -> c.ids().stream().allMatch(id -> machines.get(id).sum() == expected))) {
            List<String> sums = new ArrayList<>();
            c.ids().forEach(id -> sums.add(id + "=" + machines.get(id).sum()));
            throw c.failure("application sums " + sums + ", expected " + expected + " everywhere; "
                    + c.describeStatuses());
        }
        c.assertSafe();
    }

    /**
     * A tiny application: the running sum of the numbers proposed. The one client proposes 1, 2, 3... in order and
     * proposes a number again when it is not sure the first proposal committed, so the machine adds a number only if
     * it is above the last one added (exactly once, like a client session's sequence number). Its durable state is a
     * file written atomically when Raft asks for a snapshot or installs one; a restart resumes from that file.
     */
    private static final class SumMachine implements StateMachine {
        private final Path file;
        private volatile long applied;
        private volatile long sum;
        private volatile long lastAdded;

        SumMachine(Path dir) {
            this.file = dir.resolve("sum");
            if (Files.exists(file)) {
                try {
                    decode(Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
        }

        long sum() {
            return sum;
        }

        @Override
        public long lastApplied() {
            return applied;
        }

        @Override
        public List<byte[]> apply(List<LogEntry> committed) {
            List<byte[]> results = new ArrayList<>(committed.size());
            for (LogEntry e : committed) {
                if (e.type() == EntryType.COMMAND) {
                    long n = Long.parseLong(new String(e.data(), StandardCharsets.UTF_8));
                    if (n > lastAdded) { // else a retried proposal whose earlier copy committed too
                        sum += n;
                        lastAdded = n;
                    }
                    results.add(Commands.of("sum=" + sum));
                } else {
                    results.add(null);
                }
                applied = e.index();
            }
            return results;
        }

        @Override
        public long takeSnapshot() {
            persist();
            return applied;
        }

        @Override
        public SnapshotSource openSnapshot() {
            byte[] bytes = encode();
            long index = applied;
            return SnapshotSource.ofBytes(index, bytes);
        }

        @Override
        public void installSnapshot(long index, InputStream data) throws IOException {
            decode(data.readAllBytes());
            if (applied != index) {
                throw new IOException("snapshot for index " + index + " holds index " + applied);
            }
            persist();
        }

        private byte[] encode() {
            return Commands.of(applied + " " + sum + " " + lastAdded);
        }

        private void decode(byte[] bytes) {
            String[] parts = new String(bytes, StandardCharsets.UTF_8).trim().split(" ");
            applied = Long.parseLong(parts[0]);
            sum = Long.parseLong(parts[1]);
            lastAdded = Long.parseLong(parts[2]);
        }

        private void persist() {
            try {
                Path tmp = file.resolveSibling("sum.tmp");
                Files.write(tmp, encode());
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }
}

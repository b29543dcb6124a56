package io.eraft.dist.cluster;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.server.NodeStatus;
import io.eraft.shardkv.kv.KvClerk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.eraft.dist.cluster.ImageCli.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A byte of a record in the middle of a stopped follower's fsynced log segment is flipped (the record of an entry
 * its store had applied). The server refuses to start with exit status 4, naming the segment file and the repair
 * command; {@code eraft repair-log} cuts the log there; restarted, the follower gets what it lost back from the
 * leader, leaves the recovering state, takes part in commits again, and every acknowledged write is readable.
 */
class DamagedLogIT {
    private static final int FIRST = 2_000;
    private static final int WHILE_DOWN = 500;
    private static final int DAMAGED = 1_000;

    private static byte[] key(int i) {
        return String.format("k%05d", i).getBytes(StandardCharsets.US_ASCII);
    }

    private static String value(int i) {
        return String.format("value-%05d-", i) + "x".repeat(40);
    }

    @Test
    @Timeout(300)
    void aFlippedByteInAFsyncedSegmentStopsTheStartThenRepairAndTheLeaderGiveEverythingBack(@TempDir Path dir)
            throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir, 3).startAll()) {
            NodeId leader = cluster.awaitLeader();
            cluster.awaitAllOnline();
            NodeId damaged = cluster.peers.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            NodeId other = cluster.peers.ids().stream().filter(id -> !id.equals(leader) && !id.equals(damaged))
                    .findFirst().orElseThrow();
            KvClerk clerk = cluster.client.newClerk();
            for (int i = 0; i < FIRST; i++) {
                clerk.put(key(i), value(i).getBytes(StandardCharsets.US_ASCII));
            }
            cluster.awaitApplied(damaged, cluster.status(leader).orElseThrow().commitIndex());
            ServerProcess node = cluster.node(damaged);
            assertEquals(143, node.terminate(), node.logTail());
            for (int i = FIRST; i < FIRST + WHILE_DOWN; i++) {
                clerk.put(key(i), value(i).getBytes(StandardCharsets.US_ASCII));
            }

            Path dataDir = dir.resolve(damaged.value());
            Path segment = flipAByteOf(dataDir.resolve("log"), value(DAMAGED));
            node.start();
            assertEquals(4, node.awaitExit(Duration.ofSeconds(60)), node.logTail());
            String refusal = node.logTail();
            assertTrue(refusal.contains(segment.getFileName().toString()), "the segment is named: " + refusal);
            assertTrue(refusal.contains("eraft repair-log --data-dir " + dataDir.toAbsolutePath()), refusal);

            ImageCli.Result repair = eraft("repair-log", "--data-dir", dataDir.toString());
            assertEquals(0, repair.exit(), repair.out());
            assertFalse(repair.out().isBlank(), "repair-log reports what it did");

            node.start();
            long commit = cluster.status(cluster.awaitLeader()).orElseThrow().commitIndex();
            cluster.awaitApplied(damaged, commit);
            NodeStatus back = awaitNotRecovering(cluster, damaged);
            assertTrue(back.appliedIndex() >= commit && back.failure().isEmpty(), back.toString());

            // With the other follower down, commits need the repaired node: it takes part again.
            cluster.node(other).kill();
            for (int i = FIRST + WHILE_DOWN; i < FIRST + WHILE_DOWN + 100; i++) {
                clerk.put(key(i), value(i).getBytes(StandardCharsets.US_ASCII));
            }
            List<Integer> lost = new ArrayList<>();
            for (int i = 0; i < FIRST + WHILE_DOWN + 100; i++) {
                Optional<byte[]> v = clerk.get(key(i));
                if (v.isEmpty() || !value(i).equals(new String(v.get(), StandardCharsets.US_ASCII))) {
                    lost.add(i);
                }
            }
            assertEquals(List.of(), lost, "acknowledged writes not readable" + cluster.describe());
        }
    }

    /** Flips one byte inside {@code marker}'s bytes in the segment that holds them; returns that segment. */
    private static Path flipAByteOf(Path logDir, String marker) throws IOException {
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        List<Path> segments;
        try (Stream<Path> files = Files.list(logDir)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
        for (Path segment : segments) {
            byte[] content = Files.readAllBytes(segment);
            int at = indexOf(content, needle);
            if (at >= 0) {
                assertTrue(at > content.length / 10 && at < content.length - content.length / 10,
                        "the record is mid-segment: offset " + at + " of " + content.length);
                try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                    f.seek(at + 3);
                    int b = f.read();
                    f.seek(at + 3);
                    f.write(b ^ 0x20);
                    f.getFD().sync();
                }
                return segment;
            }
        }
        throw new AssertionError("no segment of " + logDir + " holds " + marker + ": " + segments);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static NodeStatus awaitNotRecovering(ProcessCluster cluster, NodeId id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<NodeStatus> s = cluster.status(id);
            if (s.isPresent() && !s.get().recovering()) {
                return s.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(id + " still recovering after 60 s" + cluster.describe());
    }
}

package io.eraft.dist.cluster;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.server.ClusterIdFile;
import io.eraft.dist.server.NodeStatus;
import io.eraft.shardkv.kv.KvClerk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two 3-process clusters with the same node ids (n1..n3) and their own tokens. A node of cluster B is started with
 * a config file copied from cluster A (A's peer list and token, its own data directory), in place of A's n3: it is
 * refused at start (exit 2) because its data belongs to B. Forced onto A with B's cluster id, it runs but A refuses
 * its connections: A's terms and leader do not move, B's node never leads, and afterwards A holds exactly its own
 * acknowledged writes and B's data directory still serves B.
 */
class ForeignClusterIT {
    private static final int KEYS = 200;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(300)
    void aNodeOfAnotherClusterWithACopiedConfigIsRefusedAndClusterAKeepsItsTermsAndData(@TempDir Path dir)
            throws Exception {
        Path dirA = Files.createDirectories(dir.resolve("a"));
        Path dirB = Files.createDirectories(dir.resolve("b"));
        NodeId n3 = NodeId.of("n3");
        try (ProcessCluster a = new ProcessCluster(dirA, 3, List.of("cluster.token=cluster-a")).startAll();
             ProcessCluster b = new ProcessCluster(dirB, 3, List.of("cluster.token=cluster-b")).startAll()) {
            ClusterId idA = ClusterId.derive("cluster-a", a.peers.addresses());
            ClusterId idB = ClusterId.derive("cluster-b", b.peers.addresses());
            a.awaitLeader();
            b.awaitLeader();
            write(a.client.newClerk(), "a", "A");
            write(b.client.newClerk(), "b", "B");

            // B's terms run ahead of A's, so that B's node would win a term comparison in A if A listened to it.
            for (int i = 0; i < 6 && maxTerm(b) <= maxTerm(a) + 1; i++) {
                NodeId leader = b.awaitLeader();
                b.node(leader).kill();
                b.awaitLeader();
                b.node(leader).start();
                b.awaitAllOnline();
            }
            assertTrue(maxTerm(b) > maxTerm(a) + 1, "B's term is ahead of A's: " + b.terms() + " vs " + a.terms());
            b.awaitApplied(n3, b.status(b.awaitLeader()).orElseThrow().commitIndex());
            b.node(n3).kill();
            a.node(n3).kill();
            NodeId leaderA = a.awaitLeader();
            a.client.newClerk().put(bytes("after n3 stopped"), bytes("A"));
            Map<NodeId, Long> termsA = a.terms();

            // 1. B's n3 with A's config file (A's peers and token) on its own data directory: refused at start.
            Path copied = dir.resolve("copied-n3.properties");
            Files.write(copied, Files.readAllLines(ProcessCluster.configOf(dirA, n3)).stream()
                    .map(l -> l.startsWith("data.dir=") ? "data.dir=" + dirB.resolve("n3") : l).toList());
            ServerProcess refused = new ServerProcess(n3, List.of("--config", copied.toString()),
                    dir.resolve("foreign-n3.log"));
            refused.start();
            assertEquals(2, refused.awaitExit(Duration.ofSeconds(60)), refused.logTail());
            assertTrue(refused.log().contains("belongs to cluster " + idB) && refused.log().contains("refusing to "
                    + "start") && refused.log().contains("configured for cluster " + idA), refused.logTail());
            assertEquals(idB.toString(), Files.readString(dirB.resolve("n3").resolve(ClusterIdFile.NAME)).strip());

            // 2. Forced onto A's peer list with B's cluster id: it runs at n3's address, and A refuses it.
            Files.writeString(copied, "cluster.id=" + idB + "\n", java.nio.file.StandardOpenOption.APPEND);
            ServerProcess forced = new ServerProcess(n3, List.of("--config", copied.toString()),
                    dir.resolve("forced-n3.log"));
            forced.start();
            try {
                NodeStatus foreign = awaitStatus(a, n3);
                assertEquals(idB.toString(), foreign.cluster(), "the node at n3's address is B's: " + foreign);
                long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < until) {
                    Optional<NodeStatus> s = a.status(n3);
                    assertTrue(s.isEmpty() || s.get().role() != Role.LEADER, "B's node leads: " + s);
                    Thread.sleep(200);
                }
                assertTrue(forced.alive(), "B's node runs: " + forced.logTail());
                assertEquals(leaderA, a.awaitLeader(), "A's leader did not change" + a.describe());
                Map<NodeId, Long> now = a.terms();
                for (NodeId id : List.of(NodeId.of("n1"), NodeId.of("n2"))) {
                    assertEquals(termsA.get(id), now.get(id), "the term of A's " + id + " moved" + a.describe());
                }
                String logsA = a.node(NodeId.of("n1")).log() + a.node(NodeId.of("n2")).log();
                assertTrue(logsA.contains("wrong cluster"), "A logged no refusal of B's node" + a.describe());
            } finally {
                forced.kill();
            }

            // A, whole again, holds its own writes and none of B's; B's n3 rejoins B from its data directory.
            a.node(n3).start();
            a.awaitAllOnline();
            a.awaitApplied(n3, a.status(a.awaitLeader()).orElseThrow().commitIndex());
            KvClerk clerkA = a.client.newClerk();
            assertEquals(List.of(), wrongValues(clerkA, "a", "A"), "A lost acknowledged writes");
            assertTrue(clerkA.get(bytes("b/0")).isEmpty(), "B's keys reached A");
            assertEquals("A", new String(clerkA.get(bytes("shared")).orElseThrow(), StandardCharsets.UTF_8));
            b.node(n3).start();
            b.awaitAllOnline();
            assertEquals(List.of(), wrongValues(b.client.newClerk(), "b", "B"), "B lost acknowledged writes");
        }
    }

    private static void write(KvClerk clerk, String prefix, String value) {
        for (int i = 0; i < KEYS; i++) {
            clerk.put(bytes(prefix + "/" + i), bytes(value + i));
        }
        clerk.put(bytes("shared"), bytes(value));
    }

    /** The keys of {@code prefix} whose value is not the acknowledged one. */
    private static List<String> wrongValues(KvClerk clerk, String prefix, String value) {
        return java.util.stream.IntStream.range(0, KEYS).filter(i -> !clerk.get(bytes(prefix + "/" + i))
                .map(v -> new String(v, StandardCharsets.UTF_8)).equals(Optional.of(value + i)))
                .mapToObj(i -> prefix + "/" + i).collect(Collectors.toList());
    }

    private static long maxTerm(ProcessCluster c) {
        return c.terms().values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static NodeStatus awaitStatus(ProcessCluster c, NodeId id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<NodeStatus> s = c.status(id);
            if (s.isPresent()) {
                return s.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(id + " does not answer status within 60 s" + c.describe());
    }
}

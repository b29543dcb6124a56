package io.eraft.dist.cluster;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.NodeProbe;
import io.eraft.dist.client.StatusProbe;
import io.eraft.dist.server.PeerList;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Membership changes of real server processes from the image, under write load, as the README's "Replacing a failed
 * server" does it: 3 servers; an empty 4th started with {@code --join} is added with {@code eraft member add},
 * promoted, and an original removed and stopped; then a 5th is added while a server is killed with SIGKILL in the
 * middle of the change, the killed server restarted, the 5th promoted and the killed one removed. Every acknowledged
 * write is read back afterwards, by clerks that knew only the original servers, and the history is linearizable.
 */
class MembershipChangeIT {
    private static final int WRITERS = 8;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    @Timeout(400)
    void addingRemovingAndKillingServersDuringChangesLosesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
        List<ServerProcess> joined = new ArrayList<>();
        try (ProcessCluster cluster = new ProcessCluster(dir, 3, List.of("snapshot.threshold=256k")).startAll()) {
            cluster.awaitLeader();
            History history = new History();
            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger writes = new AtomicInteger();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                RecordedClerk clerk = new RecordedClerk(writer, cluster.client.newClerk(), history);
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String key = "w" + writer + "-" + i;
                        if (clerk.put(bytes(key), bytes("v" + i))) {
                            acknowledged.put(key, "v" + i);
                            writes.incrementAndGet();
                        }
                    }
                }));
            }
            Map<NodeId, String> everyone = new LinkedHashMap<>(cluster.peers.addresses());
            List<Integer> ports = FreePorts.pick(2);
            NodeId n4 = NodeId.of("n4");
            NodeId n5 = NodeId.of("n5");
            everyone.put(n4, "127.0.0.1:" + ports.get(0));
            everyone.put(n5, "127.0.0.1:" + ports.get(1));
            awaitWrites(writes, 500);

            // Grow: n4 joins empty, is added as a learner, caught up and promoted.
            ServerProcess p4 = joining(dir, n4, everyone);
            joined.add(p4);
            p4.start();
            String servers = new PeerList(Map.of(NodeId.of("n2"), everyone.get(NodeId.of("n2")),
                    NodeId.of("n3"), everyone.get(NodeId.of("n3")))).format();
            member(0, "--servers", servers, "add", "n4", "--address", everyone.get(n4));
            member(0, "--servers", servers, "promote", "n4", "--timeout", "120s");
            awaitWrites(writes, writes.get() + 300);

            // Shrink: n1 (perhaps the leader) is removed and stopped.
            member(0, "--servers", servers, "remove", "n1");
            cluster.node(NodeId.of("n1")).terminate();
            awaitWrites(writes, writes.get() + 300);

            // A change while a voter is killed: n5 is added as n2 dies with SIGKILL; n2 restarts, n5 is promoted,
            // n2 is removed.
            ServerProcess p5 = joining(dir, n5, everyone);
            joined.add(p5);
            p5.start();
            String now = servers + ",n4=" + everyone.get(n4);
            CompletableFuture<ImageCli.Result> add = CompletableFuture.supplyAsync(() -> run("member", "--servers",
                    now, "add", "n5", "--address", everyone.get(n5), "--timeout", "60s"));
            cluster.node(NodeId.of("n2")).kill();
            ImageCli.Result added = add.get(90, TimeUnit.SECONDS);
            assertEquals(0, added.exit(), added.out());
            cluster.node(NodeId.of("n2")).start();
            member(0, "--servers", now, "promote", "n5", "--timeout", "120s");
            member(0, "--servers", now, "remove", "n2");
            cluster.node(NodeId.of("n2")).terminate();
            awaitWrites(writes, writes.get() + 300);

            stop.set(true);
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            ImageCli.Result list = run("member", "--servers", now, "list");
            assertEquals(0, list.exit(), list.out());
            assertTrue(list.out().contains("3 voters, 0 learners") && list.out().contains("\nn3 ")
                    && list.out().contains("\nn4 ") && list.out().contains("\nn5 ") && !list.out().contains("\nn1 ")
                    && !list.out().contains("\nn2 "), list.out());

            // Every acknowledged write, read by a clerk that was given only the original servers.
            RecordedClerk reader = new RecordedClerk(99, cluster.client.newClerk(), history);
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                RecordedClerk.Read r = reader.get(bytes(e.getKey()));
                assertTrue(r.acknowledged(), "reading " + e.getKey() + " failed");
                assertArrayEquals(bytes(e.getValue()), r.value(), e.getKey());
            }
            List<NodeProbe> probes = StatusProbe.probe(cluster.client.transport(), new PeerList(Map.of(
                    n4, everyone.get(n4), n5, everyone.get(n5))), Duration.ofSeconds(2));
            assertTrue(probes.stream().allMatch(p -> p.online() && p.status().member().equals("voter")),
                    probes.toString());
            CheckResult check = LinearizabilityChecker.check(history, Duration.ofSeconds(60));
            assertEquals(CheckResult.Verdict.LINEARIZABLE, check.verdict(), check.toString());
            assertTrue(acknowledged.size() > 1_000, "writes went on during the changes: " + acknowledged.size());
        } finally {
            joined.forEach(ServerProcess::kill);
        }
    }

    private static ServerProcess joining(Path dir, NodeId id, Map<NodeId, String> everyone) {
        Map<NodeId, String> peers = new LinkedHashMap<>();
        everyone.forEach((node, address) -> {
            if (!node.equals(NodeId.of("n5")) || id.equals(node)) {
                peers.put(node, address);
            }
        });
        return new ServerProcess(id, List.of("--join", "--id", id.value(), "--peers", new PeerList(peers).format(),
                "--data-dir", dir.resolve(id.value()).toString(), "--store", "leveldb"),
                dir.resolve(id.value() + ".log"));
    }

    private static void member(int exit, String... args) {
        List<String> all = new ArrayList<>(List.of("member"));
        all.addAll(List.of(args));
        ImageCli.Result r = run(all.toArray(String[]::new));
        assertEquals(exit, r.exit(), String.join(" ", all) + ": " + r.out());
    }

    private static ImageCli.Result run(String... args) {
        try {
            return ImageCli.eraft(args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitWrites(AtomicInteger writes, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (writes.get() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "writes stalled at " + writes.get() + " (wanted " + atLeast + ")");
            Thread.sleep(50);
        }
    }
}

package io.eraft.dist.cli;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.cluster.FreePorts;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.NodeStatus;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerStartException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static io.eraft.dist.cli.CliRun.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client commands ({@code kv}, {@code status}, {@code bench}) and the server's start-up errors, against a
 * 3-node group of servers in this JVM over the netty transport on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ClusterCommandsTest {
    LocalCluster cluster;

    @BeforeAll
    void startCluster(@TempDir Path dir) throws InterruptedException {
        cluster = new LocalCluster(dir);
        cluster.awaitLeader();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private CliRun kv(String... args) {
        return cluster.kv(args);
    }

    @Test
    void kvCommandsWriteReadAppendCompareAndDelete() {
        assertEquals(new CliRun(0, "OK\n", ""), kv("put", "colour", "red"));
        assertEquals(new CliRun(0, "red\n", ""), kv("get", "colour"));
        assertEquals(0, kv("append", "colour", "dish").exit());
        assertEquals("reddish\n", kv("get", "colour").out());
        assertEquals(new CliRun(1, "not applied\n", ""), kv("cas", "colour", "blue", "--expect", "red"));
        assertEquals(new CliRun(0, "applied\n", ""), kv("cas", "colour", "blue", "--expect", "reddish"));
        assertEquals(new CliRun(1, "not applied\n", ""), kv("cas", "colour", "green", "--absent"));
        assertEquals("blue\n", kv("get", "colour").out());
        assertEquals(0, kv("delete", "colour").exit());
        CliRun missing = kv("get", "colour");
        assertEquals(1, missing.exit());
        assertEquals("", missing.out());
        assertTrue(missing.err().contains("(not found)"), missing.err());
        assertEquals(new CliRun(0, "applied\n", ""), kv("cas", "colour", "green", "--absent"));
    }

    @Test
    void kvOptionsMayAlsoFollowTheOperation() {
        CliRun r = eraft("kv", "put", "k-after", "v", "--servers", cluster.peers.format(), "--group", "kv");
        assertEquals(new CliRun(0, "OK\n", ""), r);
        assertEquals("v\n", kv("get", "k-after").out());
    }

    @Test
    void casNeedsExactlyOneExpectation() {
        CliRun r = kv("cas", "k", "v");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--expect") && r.err().contains("--absent"), r.err());
    }

    @Test
    void statusPrintsTheClusterAndEveryNodeWithOneLeaderAndOfflineForOneThatDoesNotAnswer() {
        int unused = FreePorts.pick(1).get(0);
        CliRun r = eraft("status", "--timeout", "1s", "--servers", cluster.peers.format() + ",n9=127.0.0.1:" + unused);
        assertEquals(1, r.exit(), "a node is offline: " + r);
        String[] lines = r.out().split("\n");
        assertEquals(6, lines.length, r.out());
        assertEquals("cluster " + ClusterId.derive(ClusterId.DEFAULT_TOKEN, cluster.peers.addresses()), lines[0]);
        assertTrue(lines[1].matches("ID\\s+ADDRESS\\s+ROLE\\s+MEMBER\\s+TERM\\s+COMMIT\\s+APPLIED\\s+LAG\\s+LOG\\s+STORE"),
                lines[1]);
        long leaders = 0;
        for (int i = 1; i <= 3; i++) {
            NodeId id = NodeId.of("n" + i);
            String line = lines[i + 1];
            assertTrue(line.startsWith(id.value() + " ") && line.contains(cluster.peers.addressOf(id)), line);
            assertTrue(line.matches(".*(LEADER|FOLLOWER)\\s+voter\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+[\\d.]+ \\w?i?B"
                    + "\\s+[\\d.]+ \\w?i?B"), line);
            leaders += line.contains("LEADER") ? 1 : 0;
        }
        assertEquals(1, leaders, r.out());
        assertTrue(lines[5].matches("n9\\s+127\\.0\\.0\\.1:" + unused + "\\s+offline\\s+\\(connection refused\\)"),
                lines[5]);
    }

    @Test
    void statusOfAServerMatchesItsRaftState() throws InterruptedException {
        EraftServer leader = cluster.awaitLeader();
        NodeStatus s = leader.status();
        assertEquals(Role.LEADER, s.role());
        assertEquals(leader.config().id().value(), s.id());
        assertEquals("leveldb", s.store());
        assertTrue(s.storeBytes() > 0 && s.logBytes() > 0, s.toString());
        assertTrue(s.appliedIndex() <= s.commitIndex() && s.commitIndex() <= s.lastLogIndex(), s.toString());
    }

    @Test
    void benchRunsItsOperationCountAndPrintsJson() throws IOException {
        CliRun r = eraft("bench", "--servers", cluster.peers.format(), "--clients", "4", "--ops", "400", "--keys",
                "50", "--value-size", "32", "--read-ratio", "0.5", "--json");
        assertEquals(0, r.exit(), r.toString());
        Map<String, String> f = JsonFields.of(r.out());
        assertEquals("400", f.get("total.ops"));
        assertEquals(400, Long.parseLong(f.get("reads.ops")) + Long.parseLong(f.get("writes.ops")));
        assertTrue(Long.parseLong(f.get("reads.ops")) > 0 && Long.parseLong(f.get("writes.ops")) > 0, r.out());
        assertEquals("0", f.get("errors"));
        assertTrue(Double.parseDouble(f.get("total.p50Micros")) > 0, r.out());
        assertTrue(Double.parseDouble(f.get("total.maxMicros")) >= Double.parseDouble(f.get("total.p999Micros")),
                r.out());
        assertTrue(r.err().startsWith("bench: 4 clients against"), "the header goes to stderr with --json: " + r);
    }

    @Test
    void benchTextReportHasAThroughputAndLatencyLinePerKind() {
        CliRun r = eraft("bench", "--servers", cluster.peers.format(), "--clients", "2", "--ops", "100",
                "--read-ratio", "0");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("p50(ms)") && r.out().contains("p999(ms)") && r.out().contains("max(ms)"),
                r.out());
        assertTrue(r.out().matches("(?s).*\\nwrites\\s+100\\s.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\nreads\\s+0\\s.*"), r.out());
        assertTrue(r.out().contains("errors: 0"), r.out());
    }

    @Test
    void benchWithWarmupMeasuresItsFullDurationAfterTheWarmup() throws IOException {
        CliRun r = eraft("bench", "--servers", cluster.peers.format(), "--clients", "2", "--warmup", "500ms",
                "--duration", "1s", "--json");
        assertEquals(0, r.exit(), r.toString());
        Map<String, String> f = JsonFields.of(r.out());
        assertEquals("0.5", f.get("warmupSeconds"));
        double seconds = Double.parseDouble(f.get("seconds"));
        assertTrue(seconds >= 1.0, "measured " + seconds + " s of a 1 s run after warmup");
        assertTrue(Long.parseLong(f.get("total.ops")) > 0, r.out());
        assertTrue(r.err().contains("warmup done; measuring"), r.err());
    }

    @Test
    void aSecondServerOnALockedDataDirectoryIsRefusedWithTheFix() {
        EraftServer running = cluster.servers.get(0);
        var config = cluster.config(NodeId.of("n2"), running.config().dataDir());
        var e = assertThrows(ServerStartException.class, () -> EraftServer.start(config));
        assertTrue(e.getMessage().contains("is locked by"), e.getMessage());
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }

    @Test
    void aServerWhosePortIsTakenSaysSoAndHowToFixIt(@TempDir Path other) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var config = new ServerConfig(NodeId.of("n1"), "kv",
                    PeerList.parse("n1=127.0.0.1:" + taken.getLocalPort(), "test"),
                    "127.0.0.1:" + taken.getLocalPort(), other, "leveldb", Map.of(), Map.of(), 0, false);
            var e = assertThrows(ServerStartException.class, () -> EraftServer.start(config));
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    e.getMessage());
            assertTrue(e.getMessage().contains("in use") && e.getMessage().contains("--peers"), e.getMessage());
            // everything it opened was released: the data directory can be used at once
            String freeAddress = "127.0.0.1:" + FreePorts.pick(1).get(0);
            var free = new ServerConfig(NodeId.of("n1"), "kv", PeerList.parse("n1=" + freeAddress, "test"),
                    freeAddress, other, "leveldb", Map.of(), Map.of(), 0, false);
            EraftServer.start(free).close();
        }
    }

    @Test
    void serverCommandRefusesAnUnknownStoreListingTheOnesFound() {
        CliRun r = eraft("server", "--id", "n1", "--peers", "n1=127.0.0.1:7101", "--store", "rocksdb");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown store 'rocksdb'") && r.err().contains("leveldb")
                && r.err().contains("lmdb"), r.err());
    }
}

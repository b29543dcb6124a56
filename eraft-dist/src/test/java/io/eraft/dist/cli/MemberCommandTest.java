package io.eraft.dist.cli;

import io.eraft.api.raft.RaftConfig;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.cluster.FreePorts;
import io.eraft.dist.server.ClusterIdentity;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerRole;
import io.eraft.shardkv.kv.KvLimits;
import io.eraft.shardkv.space.SpaceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.eraft.dist.cli.CliRun.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eraft member} and {@code eraft server --join} on a 3-server group in this JVM: a new, empty server joins,
 * is added as a learner with its address, promoted once caught up, an original is removed, and the group serves on
 * the new membership; refusals exit 1 with the reason and change nothing; status shows each node's place.
 */
@Timeout(120)
class MemberCommandTest {

    @Test
    void replacingAServerWithEraftMemberKeepsEveryWriteAndStatusShowsTheNewMembers(@TempDir Path dir)
            throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            cluster.awaitLeader();
            assertEquals(0, cluster.kv("put", "before", "1").exit());
            String n4Address = "127.0.0.1:" + FreePorts.pick(1).get(0);
            Map<NodeId, String> withN4 = new LinkedHashMap<>(cluster.peers.addresses());
            withN4.put(NodeId.of("n4"), n4Address);
            PeerList all = new PeerList(withN4);
            try (EraftServer n4 = EraftServer.start(joining(all, n4Address, dir.resolve("n4")))) {
                assertEquals(n4.clusterId(), cluster.servers.get(0).clusterId(),
                        "the joining server learned the group's cluster id");
                String servers = cluster.peers.format();

                CliRun list = eraft("member", "--servers", servers, "list");
                assertEquals(0, list.exit(), list.toString());
                assertTrue(list.out().startsWith("group kv: configuration at index 0, 3 voters, 0 learners"),
                        list.out());

                CliRun add = eraft("member", "--servers", servers, "add", "n4", "--address", n4Address);
                assertEquals(0, add.exit(), add.toString());
                assertTrue(add.out().matches("(?s).*\\nn4\\s+learner\\s+" + n4Address.replace(".", "\\.") + ".*"),
                        add.out());

                // The add returns once the leader applied the change; n4 learns it with the leader's next append.
                String n4Learner = "(?s).*\\nn4\\s+\\S+\\s+FOLLOWER\\s+learner.*";
                CliRun status = statusUntil(all.format(), n4Learner);
                assertTrue(status.out().matches(n4Learner), status.out());

                CliRun promote = eraft("member", "--servers", servers, "promote", "n4");
                assertEquals(0, promote.exit(), promote.toString());
                assertTrue(promote.out().matches("(?s).*\\nn4\\s+voter\\s+.*"), promote.out());

                CliRun exists = eraft("member", "--servers", servers, "add", "n2", "--address", "127.0.0.1:1");
                assertEquals(1, exists.exit(), exists.toString());
                assertTrue(exists.err().contains("refused (MEMBER_EXISTS), nothing changed"), exists.err());

                CliRun remove = eraft("member", "--servers", servers, "remove", "n1", "--check-quorum");
                assertEquals(0, remove.exit(), remove.toString());
                assertTrue(remove.out().contains("3 voters, 0 learners") && !remove.out().contains("\nn1 "),
                        remove.out());
                cluster.servers.get(0).close();

                String rest = "n2=" + withN4.get(NodeId.of("n2")) + ",n3=" + withN4.get(NodeId.of("n3")) + ",n4="
                        + n4Address;
                assertEquals(new CliRun(0, "1\n", ""), eraft("kv", "--servers", rest, "get", "before"));
                assertEquals(0, eraft("kv", "--servers", rest, "put", "after", "2").exit());
                assertEquals(new CliRun(0, "2\n", ""), eraft("kv", "--servers", "n4=" + n4Address, "get", "after"));
            }
        }
    }

    @Test
    void addWithoutAnAddressForANamedNodeIsAUsageError(@TempDir Path dir) {
        CliRun r = eraft("member", "--servers", "n1=127.0.0.1:1", "add", "n4");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("give the address of n4 with --address HOST:PORT"), r.err());
    }

    /** {@code eraft status} until its output matches {@code pattern} or 10 s pass; the last output. */
    private static CliRun statusUntil(String servers, String pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        CliRun status = eraft("status", "--servers", servers);
        while (!status.out().matches(pattern) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = eraft("status", "--servers", servers);
        }
        return status;
    }

    private static ServerConfig joining(PeerList peers, String address, Path dataDir) {
        return new ServerConfig(NodeId.of("n4"), "kv", peers, address, dataDir, "leveldb", Map.of(), Map.of(),
                64L << 20, false, ServerRole.KV, ServerConfig.DEFAULT_CONTROLLER, null, ServerConfig.DEFAULT_SHARDS,
                ClusterIdentity.DEFAULT, SpaceSettings.DEFAULT, RaftConfig.defaults(), KvLimits.DEFAULT, true);
    }
}

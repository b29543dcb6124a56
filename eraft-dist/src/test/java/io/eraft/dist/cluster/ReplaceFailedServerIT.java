package io.eraft.dist.cluster;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.server.PeerList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Replacing a failed server", command by command, on server processes from the image: n3 dies
 * (SIGKILL), is removed, an empty n4 joins, is added with its address and promoted; the group serves every key
 * written before, from n4 too.
 */
class ReplaceFailedServerIT {

    @Test
    @Timeout(240)
    void theReadmesReplaceAFailedServerFlowWorksAsWritten(@TempDir Path dir) throws Exception {
        List<ServerProcess> joined = new ArrayList<>();
        try (ProcessCluster cluster = new ProcessCluster(dir, 3).startAll()) {
            cluster.awaitLeader();
            String p = cluster.peers.format();
            assertEquals(0, ImageCli.eraft("kv", "--servers", p, "put", "hello", "world").exit());
            cluster.node(NodeId.of("n3")).kill();

            Map<NodeId, String> up = new LinkedHashMap<>(cluster.peers.addresses());
            up.remove(NodeId.of("n3"));
            String s = new PeerList(up).format();
            String n4 = "127.0.0.1:" + FreePorts.pick(1).get(0);
            expect(0, "member", "--servers", s, "remove", "n3");
            ServerProcess server = new ServerProcess(NodeId.of("n4"), List.of("--join", "--id", "n4", "--peers",
                    s + ",n4=" + n4, "--data-dir", dir.resolve("n4").toString()), dir.resolve("n4.log"));
            joined.add(server);
            server.start();
            ImageCli.Result add = expect(0, "member", "--servers", s, "add", "n4", "--address", n4);
            assertTrue(add.out().matches("(?s).*\\nn4\\s+learner\\s+" + n4.replace(".", "\\.") + ".*"), add.out());
            ImageCli.Result promote = expect(0, "member", "--servers", s, "promote", "n4");
            assertTrue(promote.out().contains("3 voters, 0 learners"), promote.out());
            ImageCli.Result list = expect(0, "member", "--servers", s, "list");
            assertTrue(list.out().contains("\nn4  voter") && !list.out().contains("\nn3 "), list.out());
            ImageCli.Result status = expect(0, "status", "--servers", s + ",n4=" + n4);
            assertTrue(status.out().matches("(?s).*\\nn4\\s+\\S+\\s+(FOLLOWER|LEADER)\\s+voter.*"), status.out());
            ImageCli.Result get = expect(0, "kv", "--servers", "n4=" + n4, "get", "hello");
            assertEquals("world", get.out().strip(), get.out());
        } finally {
            joined.forEach(ServerProcess::kill);
        }
    }

    private static ImageCli.Result expect(int exit, String... args) throws Exception {
        ImageCli.Result r = ImageCli.eraft(args);
        assertEquals(exit, r.exit(), String.join(" ", args) + ": " + r.out());
        return r;
    }
}

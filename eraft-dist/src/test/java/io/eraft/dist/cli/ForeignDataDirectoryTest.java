package io.eraft.dist.cli;

import io.eraft.api.cluster.ClusterId;
import io.eraft.dist.cluster.FreePorts;
import io.eraft.dist.server.ClusterIdFile;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.eraft.dist.cli.CliRun.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eraft server} on a data directory created for another cluster (another token, or a copied peer list) is
 * refused before it opens anything, with exit status 2; the directory still serves its own cluster afterwards. A
 * start that fails records no cluster, so that fixing the mistake is enough.
 */
class ForeignDataDirectoryTest {
    @TempDir
    Path dir;

    private ServerConfig config(String peers, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("node.id", "n1", "peers", peers, "data.dir",
                dir.toString(), "fsync", "false"));
        settings.putAll(extra);
        return ServerConfigLoader.load(null, settings);
    }

    @Test
    void aStartThatFailsBindsTheDirectoryToNoCluster() throws IOException {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String typo = "n1=127.0.0.1:" + taken.getLocalPort();
            CliRun r = eraft("server", "--id", "n1", "--peers", typo, "--data-dir", dir.toString());
            assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
            assertTrue(r.err().contains("port is in use"), r.err());
        }
        assertFalse(Files.exists(dir.resolve(ClusterIdFile.NAME)));
        EraftServer.start(config("n1=127.0.0.1:" + FreePorts.pick(1).get(0), Map.of())).close();
        assertTrue(Files.exists(dir.resolve(ClusterIdFile.NAME)));
    }

    @Test
    void aServerOfAnotherTokenOrPeerListIsRefusedAndTheDirectoryKeepsItsCluster() throws IOException {
        String peers = "n1=127.0.0.1:" + FreePorts.pick(1).get(0);
        ServerConfig own = config(peers, Map.of("cluster.token", "cluster-a"));
        EraftServer.start(own).close();
        String written = Files.readString(dir.resolve(ClusterIdFile.NAME)).strip();
        assertEquals(own.clusterId().toString(), written);

        CliRun otherToken = eraft("server", "--id", "n1", "--peers", peers, "--data-dir", dir.toString(),
                "--cluster-token", "cluster-b");
        assertEquals(ExitCodes.ERROR, otherToken.exit(), otherToken.toString());
        assertTrue(otherToken.err().startsWith("eraft: data directory " + dir.toAbsolutePath()
                + " belongs to cluster " + written), otherToken.err());
        assertTrue(otherToken.err().contains("refusing to start"), otherToken.err());

        String copied = "n1=127.0.0.1:" + FreePorts.pick(1).get(0);
        CliRun otherPeers = eraft("server", "--id", "n1", "--peers", copied, "--data-dir", dir.toString(),
                "--cluster-token", "cluster-a");
        assertEquals(ExitCodes.ERROR, otherPeers.exit(), otherPeers.toString());
        assertTrue(otherPeers.err().contains("configured for cluster "
                + ClusterId.derive("cluster-a", config(copied, Map.of()).peers().addresses())), otherPeers.err());

        assertEquals(written, Files.readString(dir.resolve(ClusterIdFile.NAME)).strip());
        EraftServer.start(own).close();
        EraftServer.start(config(copied, Map.of("cluster.id", written))).close();
    }
}

package io.eraft.dist.server;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.NodeId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which cluster id a server's settings give it. */
class ClusterIdentityTest {
    private static final String PEERS = "n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103";
    private static final String CTRLERS = "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003";

    private static ServerConfig kv(Map<String, String> extra) {
        var settings = new java.util.HashMap<>(Map.of("node.id", "n1", "peers", PEERS));
        settings.putAll(extra);
        return ServerConfigLoader.load(null, settings);
    }

    @Test
    void aKvServersIdIsDerivedFromTheDefaultTokenAndItsPeers() {
        ClusterId expected = ClusterId.derive(ClusterId.DEFAULT_TOKEN, PeerList.parse(PEERS, "test").addresses());
        assertEquals(expected, kv(Map.of()).clusterId());
        assertEquals(expected, ServerConfigLoader.load(null, Map.of("node.id", "n3", "peers", PEERS)).clusterId(),
                "every member derives the same id");
    }

    @Test
    void anotherTokenOrAnotherPeerListIsAnotherCluster() {
        ClusterId base = kv(Map.of()).clusterId();
        assertNotEquals(base, kv(Map.of("cluster.token", "orders")).clusterId());
        assertNotEquals(base, kv(Map.of("peers", PEERS.replace("7103", "7203"))).clusterId());
    }

    @Test
    void aGivenClusterIdWinsOverTheDerivedOne() {
        ServerConfig c = kv(Map.of("cluster.id", "3F9A0C1D2E4B5A67", "cluster.token", "orders"));
        assertEquals(ClusterId.parse("3f9a0c1d2e4b5a67"), c.clusterId());
        assertTrue(c.clusterIdOrigin().contains("cluster.id (--cluster-id)"), c.clusterIdOrigin());
    }

    @Test
    void controllersAndShardGroupServersOfOneDeploymentShareOneId() {
        ServerConfig ctrler = ServerConfigLoader.load(null, Map.of("node.id", "127.0.0.1:7002", "peers", CTRLERS,
                "cluster.token", "shop"), true);
        ServerConfig g1 = ServerConfigLoader.load(null, Map.of("node.id", "127.0.0.1:7201", "peers",
                "127.0.0.1:7201,127.0.0.1:7202", "group", "g1", "ctrlers", CTRLERS, "cluster.token", "shop"));
        ServerConfig g2 = ServerConfigLoader.load(null, Map.of("node.id", "127.0.0.1:7301", "peers",
                "127.0.0.1:7301", "group", "g2", "ctrlers", CTRLERS.replace(",", " , "), "cluster.token", "shop"));
        assertEquals(ctrler.clusterId(), g1.clusterId());
        assertEquals(ctrler.clusterId(), g2.clusterId());
        assertEquals(ClusterId.derive("shop", Map.of(NodeId.of("127.0.0.1:7001"), "127.0.0.1:7001",
                NodeId.of("127.0.0.1:7002"), "127.0.0.1:7002", NodeId.of("127.0.0.1:7003"), "127.0.0.1:7003")),
                g1.clusterId(), "derived from the token and the controllers");
        assertTrue(g1.clusterIdOrigin().contains("controllers (ctrlers, --ctrlers)"), g1.clusterIdOrigin());
    }

    @Test
    void aBadZeroOrEmptyClusterSettingIsRefusedNamingIt() {
        var bad = assertThrows(ConfigException.class, () -> kv(Map.of("cluster.id", "xyz")));
        assertTrue(bad.getMessage().contains("bad cluster.id (--cluster-id) 'xyz'"), bad.getMessage());
        var zero = assertThrows(ConfigException.class, () -> kv(Map.of("cluster.id", "0")));
        assertTrue(zero.getMessage().contains("0 is reserved"), zero.getMessage());
        var empty = assertThrows(ConfigException.class, () -> kv(Map.of("cluster.token", " ")));
        assertTrue(empty.getMessage().contains("cluster.token (--cluster-token) is empty"), empty.getMessage());
    }
}

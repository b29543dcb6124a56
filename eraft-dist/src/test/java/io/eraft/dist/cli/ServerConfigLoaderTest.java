package io.eraft.dist.cli;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerConfigLoader;
import io.eraft.dist.server.ServerRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigLoaderTest {
    private static final String PEERS = "n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103";

    @TempDir
    Path tmp;

    private Path file(String... lines) throws IOException {
        return Files.write(tmp.resolve("node.properties"), List.of(lines));
    }

    @Test
    void aFullFileGivesEverySetting() throws IOException {
        ServerConfig c = ServerConfigLoader.load(file("node.id=n2", "peers=" + PEERS, "group=orders",
                "listen=0.0.0.0:7102", "data.dir=/srv/eraft/n2", "store=lmdb", "snapshot.threshold=16m",
                "fsync=false", "store.map-size=2g", "transport.io-threads=2"), Map.of());
        assertEquals(NodeId.of("n2"), c.id());
        assertEquals("orders", c.group());
        assertEquals(List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3")), c.peers().ids());
        assertEquals("0.0.0.0:7102", c.listen());
        assertEquals("127.0.0.1:7102", c.advertisedAddress());
        assertEquals("0.0.0.0:7102", c.transportAddresses().get(NodeId.of("n2")));
        assertEquals("127.0.0.1:7101", c.transportAddresses().get(NodeId.of("n1")));
        assertEquals(Path.of("/srv/eraft/n2"), c.dataDir());
        assertEquals("lmdb", c.store());
        assertEquals(16L << 20, c.snapshotThresholdBytes());
        assertFalse(c.fsync());
        assertEquals(Map.of("map-size", "2g"), c.storeOptions());
        assertEquals(Map.of("io-threads", "2"), c.transportOptions());
    }

    @Test
    void onlyIdAndPeersAreRequiredAndTheRestHasDefaults() {
        ServerConfig c = ServerConfigLoader.load(null, Map.of("node.id", "n1", "peers", PEERS));
        assertEquals("kv", c.group());
        assertEquals("127.0.0.1:7101", c.listen());
        assertEquals(Path.of("eraft-data", "n1"), c.dataDir());
        assertEquals("leveldb", c.store());
        assertEquals(64L << 20, c.snapshotThresholdBytes());
        assertTrue(c.fsync());
        assertTrue(c.storeOptions().isEmpty() && c.transportOptions().isEmpty());
        assertEquals("", c.http());
        assertTrue(c.httpAddress().isEmpty(), "no HTTP listener unless asked for");
    }

    @Test
    void httpListenGivesTheHttpListenerAndABadOneIsRefusedNamingTheKeyAndTheFlag() throws IOException {
        ServerConfig c = ServerConfigLoader.load(file("node.id=n1", "peers=" + PEERS, "http.listen=127.0.0.1:9101"),
                Map.of());
        assertEquals("127.0.0.1:9101", c.http());
        assertEquals(new java.net.InetSocketAddress("127.0.0.1", 9101), c.httpAddress().orElseThrow());
        assertEquals(9102, ServerConfigLoader.load(null, Map.of("node.id", "n1", "peers", PEERS, "http.listen",
                "[::1]:9102")).httpAddress().orElseThrow().getPort());
        for (String bad : List.of("9101", ":9101", "localhost:", "localhost:http", "localhost:70000")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null,
                    Map.of("node.id", "n1", "peers", PEERS, "http.listen", bad)), bad);
            assertTrue(e.getMessage().contains("bad http.listen (--http) '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void flagsOverrideTheFileKeyByKey() throws IOException {
        ServerConfig c = ServerConfigLoader.load(file("node.id=n1", "peers=" + PEERS, "store=lmdb", "fsync=false"),
                Map.of("node.id", "n3", "store", "leveldb"));
        assertEquals(NodeId.of("n3"), c.id());
        assertEquals("127.0.0.1:7103", c.listen());
        assertEquals("leveldb", c.store());
        assertFalse(c.fsync(), "a key no flag overrides keeps the file's value");
    }

    @Test
    void aMissingNodeIdNamesTheKeyAndTheFlag() {
        var e = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null, Map.of("peers", PEERS)));
        assertTrue(e.getMessage().contains("'node.id'") && e.getMessage().contains("--id"), e.getMessage());
    }

    @Test
    void aNodeMissingFromItsPeersIsRefusedWithTheFix() {
        var e = assertThrows(ConfigException.class,
                () -> ServerConfigLoader.load(null, Map.of("node.id", "n4", "peers", PEERS)));
        assertTrue(e.getMessage().contains("node n4 is not in its peer list"), e.getMessage());
        assertTrue(e.getMessage().contains("add n4=host:port"), e.getMessage());
    }

    @Test
    void anUnknownStoreListsTheStoresFound() {
        var e = assertThrows(ConfigException.class,
                () -> ServerConfigLoader.load(null, Map.of("node.id", "n1", "peers", PEERS, "store", "rocksdb")));
        assertTrue(e.getMessage().contains("unknown store 'rocksdb'"), e.getMessage());
        assertTrue(e.getMessage().contains("leveldb") && e.getMessage().contains("lmdb"), e.getMessage());
    }

    @Test
    void aMisspeltKeyIsRefusedNamingTheNearestAndListingTheKnownKeys() throws IOException {
        Path f = file("node.id=n1", "peers=" + PEERS, "snapshot.treshold=1m");
        var e = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(f, Map.of()));
        assertTrue(e.getMessage().contains("unknown setting 'snapshot.treshold'; did you mean 'snapshot.threshold'? "
                + "Known settings: cluster.id, cluster.token,"), e.getMessage());
        assertTrue(e.getMessage().contains("snapshot.threshold") && e.getMessage().contains(f.toString()),
                e.getMessage());
    }

    @Test
    void malformedValuesNameTheSettingAndTheValue() {
        var size = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null,
                Map.of("node.id", "n1", "peers", PEERS, "snapshot.threshold", "big")));
        assertTrue(size.getMessage().contains("'big'") && size.getMessage().contains("--snapshot-threshold"),
                size.getMessage());
        var bool = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null,
                Map.of("node.id", "n1", "peers", PEERS, "fsync", "maybe")));
        assertTrue(bool.getMessage().contains("'maybe'") && bool.getMessage().contains("--fsync"), bool.getMessage());
        var group = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null,
                Map.of("node.id", "n1", "peers", PEERS, "group", "a/b")));
        assertTrue(group.getMessage().contains("bad group name 'a/b'"), group.getMessage());
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Path missing = tmp.resolve("nope.properties");
        var e = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(missing, Map.of()));
        assertTrue(e.getMessage().contains(missing + " does not exist"), e.getMessage());
    }

    @Test
    void ctrlersMakeAShardGroupServerNamedByItsAddress() {
        ServerConfig c = ServerConfigLoader.load(null, Map.of("node.id", "127.0.0.1:7201", "peers",
                "127.0.0.1:7201,127.0.0.1:7202", "group", "g1", "ctrlers", "127.0.0.1:7001,127.0.0.1:7002",
                "shards", "32"));
        assertEquals(ServerRole.SHARD, c.role());
        assertEquals("g1", c.group());
        assertEquals(List.of(NodeId.of("127.0.0.1:7001"), NodeId.of("127.0.0.1:7002")), c.controllers().ids());
        assertEquals(ServerConfig.DEFAULT_CONTROLLER, c.controller());
        assertEquals(32, c.shards());
        assertEquals("127.0.0.1:7001", c.transportAddresses().get(NodeId.of("127.0.0.1:7001")),
                "the transport reaches the controllers");
    }

    @Test
    void aControllerIsNamedByItsAddressAndItsGroupIsTheClusterName() {
        ServerConfig c = ServerConfigLoader.load(null, Map.of("node.id", "127.0.0.1:7001", "peers",
                "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003", "controller", "prod"), true);
        assertEquals(ServerRole.CTRLER, c.role());
        assertEquals("prod", c.group());
        assertEquals("prod", c.controller());
        assertEquals(ServerConfig.DEFAULT_SHARDS, c.shards());
        assertNull(c.controllers());
    }

    @Test
    void aShardGroupServerWithoutItsGroupIsRefusedWithTheFix() {
        var e = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null, Map.of("node.id",
                "127.0.0.1:7201", "peers", "127.0.0.1:7201", "ctrlers", "127.0.0.1:7001")));
        assertEquals("a shard group server needs its group id: give group (--group), e.g. g1", e.getMessage());
    }

    @Test
    void shardGroupServersAndControllersWhosePeersAreNotNamedByAddressAreRefused() {
        var shard = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null, Map.of("node.id", "n1",
                "peers", "n1=127.0.0.1:7201", "group", "g1", "ctrlers", "127.0.0.1:7001")));
        assertTrue(shard.getMessage().startsWith("shard group servers are named by their address")
                && shard.getMessage().contains("--peers") && shard.getMessage().contains("n1=127.0.0.1:7201"),
                shard.getMessage());
        var ctrler = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null, Map.of("node.id", "c1",
                "peers", "c1=127.0.0.1:7001"), true));
        assertTrue(ctrler.getMessage().startsWith("controller servers are named by their address")
                && ctrler.getMessage().contains("--peers"), ctrler.getMessage());
        var ctrlers = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null, Map.of("node.id",
                "127.0.0.1:7201", "peers", "127.0.0.1:7201", "group", "g1", "ctrlers", "c1=127.0.0.1:7001")));
        assertTrue(ctrlers.getMessage().startsWith("controllers are named by their address: list ctrlers (--ctrlers)"),
                ctrlers.getMessage());
    }

    @Test
    void ctrlersOrAGroupOfItsOwnOnAControllerAreRefused() {
        var ctrlers = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null, Map.of("node.id",
                "127.0.0.1:7001", "peers", "127.0.0.1:7001", "ctrlers", "127.0.0.1:7002"), true));
        assertEquals("ctrlers (--ctrlers) is for shard group servers only, not for a ctrler server",
                ctrlers.getMessage());
        var group = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null, Map.of("node.id",
                "127.0.0.1:7001", "peers", "127.0.0.1:7001", "group", "g1"), true));
        assertTrue(group.getMessage().startsWith("group (--group) is not a controller setting")
                && group.getMessage().endsWith("remove group g1"), group.getMessage());
    }

    @Test
    void aShardCountBelowOneIsRefused() {
        var e = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null, Map.of("node.id",
                "127.0.0.1:7001", "peers", "127.0.0.1:7001", "shards", "0"), true));
        assertTrue(e.getMessage().contains("'0'") && e.getMessage().contains("--shards"), e.getMessage());
    }

    @Test
    void spaceAlarmSettingsReachTheServerAndABadOneIsRefusedNamingIt() {
        ServerConfig c = ServerConfigLoader.load(null, Map.of("node.id", "n1", "peers", PEERS, "space.min-free", "1g",
                "space.quota", "0", "space.check-interval-ms", "250"));
        assertEquals(1L << 30, c.space().minFreeBytes());
        assertEquals(0, c.space().quotaBytes());
        assertEquals(java.time.Duration.ofMillis(250), c.space().checkInterval());
        assertEquals(io.eraft.shardkv.space.SpaceSettings.DEFAULT,
                ServerConfigLoader.load(null, Map.of("node.id", "n1", "peers", PEERS)).space());
        var e = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(null, Map.of("node.id", "n1",
                "peers", PEERS, "space.quota", "lots")));
        assertTrue(e.getMessage().contains("space.quota") && e.getMessage().contains("lots"), e.getMessage());
    }
}

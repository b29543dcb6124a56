package io.eraft.dist.cli;

import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerConfigLoader;
import io.eraft.dist.server.ServerRole;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Map;

import static io.eraft.dist.cli.CliRun.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eraft server} and {@code eraft ctrler}: the settings mistakes they refuse before starting anything, and
 * the startup line that says which kind of server runs.
 */
class ServerCommandsTest {
    private static final String CTRLERS = "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003";

    @Test
    void aShardGroupServerWithoutGroupIsRefusedWithTheFix() {
        var r = eraft("server", "--ctrlers", CTRLERS, "--id", "127.0.0.1:7201", "--peers", "127.0.0.1:7201");
        assertEquals(new CliRun(2, "", "eraft: a shard group server needs its group id: give group "
                + "(--group), e.g. g1\n"), r);
    }

    @Test
    void aShardGroupServerWithPeersNotNamedByAddressIsRefusedWithTheFix() {
        var r = eraft("server", "--ctrlers", CTRLERS, "--group", "g1", "--id", "a1", "--peers",
                "a1=127.0.0.1:7201,a2=127.0.0.1:7202");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("eraft: shard group servers are named by their address")
                && r.err().contains("list peers (--peers) as host:port,host:port,..."), r.err());
    }

    @Test
    void aControllerWithPeersNotNamedByAddressIsRefusedWithTheFix() {
        var r = eraft("ctrler", "--id", "c1", "--peers", "c1=127.0.0.1:7001");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("eraft: controller servers are named by their address")
                && r.err().contains("set node.id (--id) to this server's host:port"), r.err());
    }

    @Test
    void ctrlersGivenToAControllerAreRefusedSayingWhatTheyAreFor() {
        var r = eraft("ctrler", "--ctrlers", CTRLERS, "--id", "127.0.0.1:7001", "--peers", CTRLERS);
        assertEquals(new CliRun(2, "", "eraft: ctrlers (--ctrlers) is for shard group servers "
                + "only, not for a ctrler server\n"), r);
    }

    @Test
    void aGroupOrABadShardCountGivenToAControllerIsRefusedWithTheFix() {
        var r = eraft("ctrler", "--group", "g1", "--id", "127.0.0.1:7001", "--peers", CTRLERS);
        assertEquals(new CliRun(2, "", "eraft: group (--group) is not a controller setting: a "
                + "controller's group is its cluster name (controller, --controller; here ctrler); remove group g1\n"),
                r);
        var shards = eraft("ctrler", "--shards", "many", "--id", "127.0.0.1:7001", "--peers", CTRLERS);
        assertEquals(2, shards.exit());
        assertTrue(shards.err().contains("bad value 'many' for setting 'shards'")
                && shards.err().contains("flag --shards"), shards.err());
    }

    @Test
    void everySettingFlagOfAServerSetsItsConfigKey() {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--ctrlers", CTRLERS, "--group", "g1", "--id", "127.0.0.1:7201",
                "--peers", "127.0.0.1:7201,127.0.0.1:7202", "--listen", "0.0.0.0:7201", "--data-dir", "d/g1",
                "--store", "lmdb", "--snapshot-threshold", "1m", "--fsync", "false", "--controller", "c9",
                "--shards", "8", "--http", "127.0.0.1:9201", "--set", "store.map-size=64m");
        ServerConfig cfg = command.node.load(command.group, command.ctrlers, false);
        assertEquals(ServerRole.SHARD, cfg.role());
        assertEquals("127.0.0.1:7201", cfg.id().toString());
        assertEquals("g1", cfg.group());
        assertEquals("0.0.0.0:7201", cfg.listen());
        assertEquals(Path.of("d/g1"), cfg.dataDir());
        assertEquals("lmdb", cfg.store());
        assertEquals(Map.of("map-size", "64m"), cfg.storeOptions());
        assertEquals(1L << 20, cfg.snapshotThresholdBytes());
        assertFalse(cfg.fsync());
        assertEquals("c9", cfg.controller());
        assertEquals(8, cfg.shards());
        assertEquals("127.0.0.1:9201", cfg.http());
    }

    @Test
    void aControllerGetsTheSameSettingFlags() {
        CtrlerCommand command = new CtrlerCommand();
        new CommandLine(command).parseArgs("--id", "127.0.0.1:7001", "--peers", CTRLERS, "--store", "lmdb",
                "--controller", "c9", "--http", "0.0.0.0:9001");
        ServerConfig cfg = command.node.load(command.group, command.ctrlers, true);
        assertEquals(ServerRole.CTRLER, cfg.role());
        assertEquals("0.0.0.0:9001", cfg.http());
        assertEquals("c9", cfg.group());
        assertEquals("lmdb", cfg.store());
        assertEquals("127.0.0.1:7001", cfg.listen());
    }

    @Test
    void theStartupLineSaysWhichKindOfServerRuns() {
        ServerConfig kv = ServerConfigLoader.load(null, Map.of("node.id", "n1", "peers", "n1=127.0.0.1:7101",
                "data.dir", "d", "fsync", "false"));
        assertEquals("eraft server n1: a node of KV group kv, serving on 127.0.0.1:7101; peers n1=127.0.0.1:7101; "
                + "data " + Path.of("d").toAbsolutePath() + "; store leveldb; fsync off", ServerCommand.startupLine(kv));
        ServerConfig shard = ServerConfigLoader.load(null, Map.of("node.id", "127.0.0.1:7201", "peers",
                "127.0.0.1:7201", "group", "g1", "ctrlers", CTRLERS, "shards", "8", "data.dir", "d"));
        assertTrue(ServerCommand.startupLine(shard).startsWith("eraft server 127.0.0.1:7201: a node of shard group g1 "
                + "(8 shards; controller ctrler on " + CTRLERS + "), serving on 127.0.0.1:7201;"),
                ServerCommand.startupLine(shard));
        ServerConfig ctrler = ServerConfigLoader.load(null, Map.of("node.id", "127.0.0.1:7002", "peers", CTRLERS,
                "data.dir", "d"), true);
        assertTrue(ServerCommand.startupLine(ctrler).startsWith("eraft ctrler 127.0.0.1:7002: a node of shard "
                + "controller ctrler (16 shards), serving on 127.0.0.1:7002; peers " + CTRLERS + ";"),
                ServerCommand.startupLine(ctrler));
    }
}

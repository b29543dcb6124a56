package io.eraft.dist.cli;

import io.eraft.dist.cluster.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.eraft.dist.cli.CliRun.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eraft ctl servers}: replaces one group's server list in the controller's configuration without moving a
 * shard, against a controller and two one-server shard groups (8 shards) in this JVM over netty. In order: the
 * groups join, g1's list changes and changes back while keys stay readable, then the refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class CtlServersCommandTest {
    private OneNodeShardedCluster cluster;

    @BeforeAll
    void start(@TempDir Path dir) throws InterruptedException {
        cluster = new OneNodeShardedCluster(dir, 8, "g1", "g2");
        assertEquals(0, ctl("join", cluster.joinSpec("g1"), cluster.joinSpec("g2")).exit());
        cluster.awaitSettled(1);
        for (int i = 0; i < 12; i++) {
            assertEquals(new CliRun(0, "OK\n", ""), kv("put", "key-" + i, "value-" + i));
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private CliRun ctl(String... args) {
        return withCtrlers("ctl", args);
    }

    private CliRun kv(String... args) {
        return withCtrlers("kv", args);
    }

    private CliRun withCtrlers(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--ctrlers", cluster.ctrler));
        all.addAll(List.of(args));
        return eraft(all.toArray(String[]::new));
    }

    /** The shards column of {@code group}'s row in a printed configuration. */
    private static String shardsOf(String out, String group) {
        return row(out, group).split("\\s+")[1];
    }

    private static String row(String out, String group) {
        return out.lines().filter(l -> l.startsWith(group + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + group + " in:\n" + out));
    }

    @Test
    @Order(1)
    void serversReplacesTheGroupsListKeepingEveryShardWhereItWas() throws InterruptedException {
        String before = ctl("query").out();
        String extra = "127.0.0.1:" + FreePorts.pick(1).get(0);
        String g1 = cluster.groups.get("g1");
        CliRun set = ctl("servers", "g1=" + g1 + "," + extra);
        assertEquals(0, set.exit(), set.toString());
        assertTrue(set.out().startsWith("configuration 2: 8 shards, 2 groups\n"), set.out());
        assertTrue(row(set.out(), "g1").endsWith("  " + g1 + "," + extra), set.out());
        assertEquals(shardsOf(before, "g1"), shardsOf(set.out(), "g1"), "g1 keeps its shards");
        assertEquals(row(before, "g2"), row(set.out(), "g2"), "g2 keeps its shards and servers");
        cluster.awaitSettled(2);
        for (int i = 0; i < 12; i++) {
            assertEquals(new CliRun(0, "value-" + i + "\n", ""), kv("get", "key-" + i), "key-" + i);
        }

        CliRun back = ctl("servers", cluster.joinSpec("g1"));
        assertEquals(0, back.exit(), back.toString());
        assertTrue(back.out().startsWith("configuration 3: 8 shards, 2 groups\n"), back.out());
        assertEquals(row(before, "g1"), row(back.out(), "g1"), "the original row again");
        cluster.awaitSettled(3);
        assertEquals(new CliRun(0, "OK\n", ""), kv("put", "key-0", "again"));
        assertEquals(new CliRun(0, "again\n", ""), kv("get", "key-0"));
    }

    @Test
    @Order(2)
    void serversOfAGroupNotInTheConfigurationIsRefusedPointingAtJoin() {
        CliRun r = ctl("servers", "g9=127.0.0.1:7201");
        assertEquals(new CliRun(2, "", "eraft: no group g9 in configuration 3; groups: g1, g2; to add a group, use: "
                + "eraft ctl join g9=HOST:PORT,...\n"), r);
        assertTrue(ctl("query").out().startsWith("configuration 3:"), "a refused change changes nothing");
    }

    @Test
    @Order(3)
    void joinOfAGroupAlreadyInTheConfigurationPointsAtServers() {
        CliRun r = ctl("join", cluster.joinSpec("g1"));
        assertEquals(new CliRun(2, "", "eraft: group g1 is already in configuration 3 (servers "
                + cluster.groups.get("g1") + "); to change its servers, use: eraft ctl servers g1=HOST:PORT,...\n"),
                r);
    }

    @Test
    void malformedServersArgumentsAreRefusedBeforeAnyControllerIsAsked() {
        String nowhere = "127.0.0.1:" + FreePorts.pick(1).get(0);
        CliRun noEquals = eraft("ctl", "--ctrlers", nowhere, "servers", "g1");
        assertEquals(2, noEquals.exit(), noEquals.toString());
        assertTrue(noEquals.err().startsWith("eraft: malformed join spec 'g1': expected GROUP=HOST:PORT"),
                noEquals.err());
        CliRun twice = eraft("ctl", "--ctrlers", nowhere, "servers", "g1=127.0.0.1:7201,127.0.0.1:7201");
        assertEquals(2, twice.exit(), twice.toString());
        assertTrue(twice.err().contains("listed twice"), twice.err());
        CliRun twoGroups = eraft("ctl", "--ctrlers", nowhere, "servers", "g1=127.0.0.1:7201", "g2=127.0.0.1:7202");
        assertEquals(2, twoGroups.exit(), twoGroups.toString());
        assertEquals("", twoGroups.out());
        CliRun help = eraft("ctl", "servers", "--help");
        assertEquals(0, help.exit(), help.toString());
        assertTrue(help.out().startsWith("Usage: eraft ctl servers "), help.out());
    }
}

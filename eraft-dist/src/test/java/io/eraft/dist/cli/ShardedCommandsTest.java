package io.eraft.dist.cli;

import io.eraft.api.cluster.ClusterId;
import io.eraft.dist.cluster.FreePorts;
import io.eraft.dist.server.PeerList;
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
import java.util.regex.Pattern;

import static io.eraft.dist.cli.CliRun.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator commands of a sharded cluster ({@code ctl}, {@code status --ctrlers}, {@code kv --ctrlers}) against a
 * controller and two shard groups (one server each, 8 shards) in this JVM over netty. The tests run in order: the
 * cluster goes from configuration 0 through joins, a move, a leave and a rejoin, and a group server is stopped last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class ShardedCommandsTest {
    private OneNodeShardedCluster cluster;

    @BeforeAll
    void start(@TempDir Path dir) {
        cluster = new OneNodeShardedCluster(dir, 8, "g1", "g2");
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

    /** The table row of {@code group} in a printed configuration: {@code g1  0-3 (4)  127.0.0.1:port}. */
    private static String row(String out, String group) {
        return out.lines().filter(l -> l.startsWith(group + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + group + " in:\n" + out));
    }

    /** The shard count a configuration row shows: the number in {@code (4)}. */
    private static int ownedCount(String row) {
        var m = Pattern.compile("\\((\\d+)\\)").matcher(row);
        assertTrue(m.find(), row);
        return Integer.parseInt(m.group(1));
    }

    @Test
    @Order(1)
    void queryOfAFreshClusterShowsConfigurationZeroWithEveryShardUnassigned() {
        assertEquals(new CliRun(0, "configuration 0: 8 shards, no groups\nunassigned shards: 0-7\n", ""), ctl("query"));
    }

    @Test
    @Order(2)
    void joinPrintsEachGroupWithItsShardsAndServers() {
        CliRun first = ctl("join", cluster.joinSpec("g1"));
        assertEquals(new CliRun(0, "configuration 1: 8 shards, 1 group\n"
                + "GROUP  SHARDS   SERVERS\n"
                + "g1     0-7 (8)  " + cluster.groups.get("g1") + "\n"
                + "unassigned shards: none\n", ""), first);

        CliRun second = ctl("join", cluster.joinSpec("g2"));
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().startsWith("configuration 2: 8 shards, 2 groups\nGROUP  SHARDS"), second.out());
        assertEquals(4, ownedCount(row(second.out(), "g1")), second.out());
        assertEquals(4, ownedCount(row(second.out(), "g2")), second.out());
        assertTrue(row(second.out(), "g2").endsWith("  " + cluster.groups.get("g2")), second.out());
        assertTrue(second.out().endsWith("unassigned shards: none\n"), second.out());
    }

    @Test
    @Order(3)
    void joinOfAGroupAlreadyInTheConfigurationIsRefusedNamingIt() {
        CliRun r = ctl("join", cluster.joinSpec("g1"));
        assertEquals(2, r.exit());
        assertEquals("eraft: group g1 is already in configuration 2 (servers " + cluster.groups.get("g1")
                + "); to change its servers, use: eraft ctl servers g1=HOST:PORT,...\n", r.err());
        assertEquals("configuration 2", ctl("query").out().lines().findFirst().orElseThrow().split(":")[0],
                "a refused join changes nothing");
    }

    @Test
    @Order(4)
    void queryOfAnEarlierConfigurationShowsIt() {
        CliRun one = ctl("query", "1");
        assertEquals(0, one.exit(), one.toString());
        assertTrue(one.out().startsWith("configuration 1: 8 shards, 1 group\n"), one.out());
        assertTrue(row(one.out(), "g1").contains("0-7 (8)"), one.out());

        CliRun future = ctl("query", "99");
        assertEquals(0, future.exit(), future.toString());
        assertTrue(future.out().startsWith("configuration 2:"), future.out());
        assertEquals("eraft: there is no configuration 99 yet; the latest is 2\n", future.err());
    }

    @Test
    @Order(5)
    void keysWrittenThroughTheControllerAreFoundAfterTheirShardMoved() throws InterruptedException {
        cluster.awaitSettled(2);
        for (int i = 0; i < 20; i++) {
            assertEquals(new CliRun(0, "OK\n", ""), kv("put", "key-" + i, "value-" + i));
        }
        String g1Row = row(ctl("query").out(), "g1");
        int shard = Integer.parseInt(g1Row.split("\\s+")[1].split("[-,]")[0]);

        CliRun move = ctl("move", Integer.toString(shard), "g2");
        assertEquals(0, move.exit(), move.toString());
        assertTrue(move.out().startsWith("configuration 3: 8 shards, 2 groups\n"), move.out());
        assertEquals(3, ownedCount(row(move.out(), "g1")), move.out());
        assertEquals(5, ownedCount(row(move.out(), "g2")), move.out());

        for (int i = 0; i < 20; i++) {
            assertEquals(new CliRun(0, "value-" + i + "\n", ""), kv("get", "key-" + i));
        }
        assertEquals(0, kv("append", "key-0", "+").exit());
        assertEquals("value-0+\n", kv("get", "key-0").out());
        assertEquals(0, kv("delete", "key-0").exit());
        CliRun gone = kv("get", "key-0");
        assertEquals(new CliRun(1, "", "(not found)\n"), gone);
        assertEquals(new CliRun(0, "applied\n", ""), kv("cas", "key-0", "back", "--absent"));
        assertEquals(new CliRun(1, "not applied\n", ""), kv("cas", "key-0", "again", "--expect", "value-0"));
        assertEquals("back\n", kv("get", "key-0").out());
    }

    @Test
    @Order(6)
    void moveToAnUnknownGroupOrShardIsRefusedNamingWhatThereIs() {
        CliRun group = ctl("move", "1", "g9");
        assertEquals(new CliRun(2, "", "eraft: no group g9 in configuration 3; groups: g1, g2\n"), group);
        CliRun shard = ctl("move", "8", "g1");
        assertEquals(new CliRun(2, "", "eraft: no shard 8: the cluster has 8 shards, 0 to 7\n"), shard);
        CliRun leave = ctl("leave", "g9");
        assertEquals(new CliRun(2, "", "eraft: no group g9 in configuration 3; groups: g1, g2\n"), leave);
    }

    @Test
    @Order(7)
    void statusShowsTheConfigurationEveryNodeAndEachGroupsShardsServing() throws InterruptedException {
        cluster.awaitSettled(3);
        CliRun r = eraft("status", "--ctrlers", cluster.ctrler);
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("cluster " + ClusterId.derive(ClusterId.DEFAULT_TOKEN, PeerList.parse(cluster.ctrler, "test")
                .addresses()), lines.get(0), "controllers and groups are one cluster, named first: " + r.out());
        assertEquals("configuration 3: 8 shards, 2 groups (controller ctrler)", lines.get(1), r.out());
        assertEquals("", lines.get(2), r.out());
        assertTrue(lines.get(3).matches("ID\\s+GROUP\\s+ROLE\\s+TERM\\s+COMMIT\\s+APPLIED\\s+CONFIG\\s+LOG\\s+STORE"),
                lines.get(3));
        String number = "\\s+\\d+";
        String size = "\\s+[\\d.]+ \\w?i?B";
        assertTrue(lines.get(4).matches(Pattern.quote(cluster.ctrler) + "\\s+ctrler\\s+LEADER" + number + number
                + number + "\\s+3" + size + size), lines.get(4));
        assertTrue(lines.get(5).matches(Pattern.quote(cluster.groups.get("g1")) + "\\s+g1\\s+LEADER" + number
                + number + number + "\\s+3" + size + size), lines.get(5));
        assertTrue(lines.get(6).matches(Pattern.quote(cluster.groups.get("g2")) + "\\s+g2\\s+LEADER" + number
                + number + number + "\\s+3" + size + size), lines.get(6));
        assertEquals("", lines.get(7), r.out());
        assertTrue(lines.get(8).matches("GROUP\\s+CONFIG\\s+OWNS\\s+SHARDS \\(as the group's leader reports them\\)"),
                lines.get(8));
        String g1Owns = row(ctl("query").out(), "g1").split("\\s+")[1];
        assertTrue(lines.get(9).matches("g1\\s+3\\s+" + Pattern.quote(g1Owns) + " \\(3\\)\\s+"
                + Pattern.quote(g1Owns) + " serving"), lines.get(9));
        assertTrue(lines.get(10).matches("g2\\s+3\\s+\\S+ \\(5\\)\\s+\\S+ serving"), lines.get(10));
        assertEquals("unassigned shards: none", lines.get(11), r.out());
        assertEquals(12, lines.size(), r.out());
    }

    @Test
    @Order(8)
    void leaveGivesTheGroupsShardsToTheOthersAndTheKeysFollow() throws InterruptedException {
        CliRun leave = ctl("leave", "g2");
        assertEquals(new CliRun(0, "configuration 4: 8 shards, 1 group\n"
                + "GROUP  SHARDS   SERVERS\n"
                + "g1     0-7 (8)  " + cluster.groups.get("g1") + "\n"
                + "unassigned shards: none\n", ""), leave);
        for (int i = 1; i < 20; i++) {
            assertEquals(new CliRun(0, "value-" + i + "\n", ""), kv("get", "key-" + i));
        }
        CliRun rejoin = ctl("join", cluster.joinSpec("g2"));
        assertEquals(0, rejoin.exit(), rejoin.toString());
        assertEquals(4, ownedCount(row(rejoin.out(), "g2")), rejoin.out());
        cluster.awaitSettled(5);
    }

    @Test
    @Order(9)
    void statusShowsAStoppedGroupServerOfflineAndItsGroupWithoutAnswer() {
        cluster.stop("g2");
        CliRun r = eraft("status", "--ctrlers", cluster.ctrler, "--timeout", "1s");
        assertEquals(1, r.exit(), r.toString());
        String g2 = Pattern.quote(cluster.groups.get("g2"));
        assertTrue(r.out().lines().anyMatch(l -> l.matches(g2 + "\\s+g2\\s+offline \\(connection refused\\)")),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("g2\\s+-\\s+\\S+ \\(4\\)\\s+no server answered")),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("g1\\s+5\\s+\\S+ \\(4\\)\\s+\\S+ serving")), r.out());
    }

    @Test
    void malformedJoinSpecsAreRefusedBeforeAnyControllerIsAsked() {
        String nowhere = "127.0.0.1:" + FreePorts.pick(1).get(0);
        CliRun noEquals = eraft("ctl", "--ctrlers", nowhere, "join", "g1");
        assertEquals(new CliRun(2, "", "eraft: malformed join spec 'g1': expected GROUP=HOST:PORT,HOST:PORT,... e.g. "
                + "g1=127.0.0.1:7201,127.0.0.1:7202,127.0.0.1:7203\n"), noEquals);
        CliRun named = eraft("ctl", "--ctrlers", nowhere, "join", "g1=a=127.0.0.1:7201");
        assertEquals(2, named.exit());
        assertTrue(named.err().contains("named by their address"), named.err());
        CliRun badPort = eraft("ctl", "--ctrlers", nowhere, "join", "g1=127.0.0.1:port");
        assertEquals(2, badPort.exit());
        assertTrue(badPort.err().startsWith("eraft: bad peer list in the join spec of group g1"), badPort.err());
        CliRun twice = eraft("ctl", "--ctrlers", nowhere, "join", "g1=127.0.0.1:7201", "g1=127.0.0.1:7202");
        assertEquals(new CliRun(2, "", "eraft: group g1 is named twice in the join\n"), twice);
    }

    @Test
    void anUnreachableControllerTimesOutNamingTheControllers() {
        String nowhere = "127.0.0.1:" + FreePorts.pick(1).get(0);
        CliRun r = eraft("ctl", "--ctrlers", nowhere, "--timeout", "1s", "query");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals("eraft: no controller server answered 'query' within 1 s (controller ctrler at " + nowhere
                + "); are the controllers running (eraft ctrler) with a majority up? Check with: eraft status "
                + "--ctrlers " + nowhere + ". If the cluster uses TLS, give --tls-cert, --tls-key and --tls-ca.\n",
                r.err());
    }

    @Test
    void statusWithoutAControllerShowsTheConfigurationUnknownAndTheControllerOffline() {
        String nowhere = "127.0.0.1:" + FreePorts.pick(1).get(0);
        CliRun r = eraft("status", "--ctrlers", nowhere, "--timeout", "1s");
        assertEquals(1, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("configuration unknown: no controller server answered within 1000 ms (controller ctrler)",
                lines.get(0));
        assertTrue(lines.get(3).matches(Pattern.quote(nowhere) + "\\s+ctrler\\s+offline \\(connection refused\\)"),
                r.out());
        assertEquals(4, lines.size(), r.out());
    }

    @Test
    void clientCommandsTakeExactlyOneOfServersAndCtrlers() {
        CliRun both = eraft("kv", "--servers", "n1=127.0.0.1:7101", "--ctrlers", "127.0.0.1:7001", "get", "k");
        assertEquals(new CliRun(2, "", "eraft: give either --servers (a plain KV group) or --ctrlers (a sharded "
                + "cluster's controllers), not both\n"), both);
        CliRun neither = eraft("status");
        assertEquals(new CliRun(2, "", "eraft: which cluster? give --servers id=host:port,... for a plain KV group, or "
                + "--ctrlers host:port,... for a sharded cluster\n"), neither);
        CliRun named = eraft("ctl", "--ctrlers", "c1=127.0.0.1:7001", "query");
        assertEquals(2, named.exit());
        assertTrue(named.err().startsWith("eraft: controllers are named by their address"), named.err());
    }

    @Test
    void everyCtlAndKvSubcommandPrintsItsHelp() {
        for (String sub : List.of("join", "leave", "move", "servers", "query")) {
            CliRun r = eraft("ctl", sub, "--help");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().startsWith("Usage: eraft ctl " + sub + " "), r.out());
        }
        CliRun get = eraft("kv", "get", "--help");
        assertEquals(0, get.exit(), get.toString());
        assertTrue(get.out().startsWith("Usage: eraft kv get "), get.out());
    }
}

package io.eraft.dist.cluster;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.cli.CliRun;
import io.eraft.dist.client.ShardedClient;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.shard.ShardClerk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static io.eraft.dist.cluster.ImageCli.eraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sharded cluster of processes from the image, operated with the image's commands: one controller process
 * ({@code eraft ctrler}) and two shard groups of one process each ({@code eraft server --ctrlers ... --group}).
 * {@code ctl join} adds both groups, {@code kv put} writes 200 keys, {@code ctl move} moves a shard, one group's
 * process is killed with SIGKILL and restarted, and every key is still readable; {@code status --ctrlers} then shows
 * both groups serving their shards.
 */
@Timeout(300)
class ShardedClusterIT {
    private static final int SHARDS = 8;
    private static final int KEYS = 200;

    private final List<ServerProcess> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(ServerProcess::kill);
    }

    private ServerProcess start(Path dir, String command, String address, String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("--id", address, "--peers", address, "--data-dir",
                dir.resolve(name).toString(), "--shards", Integer.toString(SHARDS)));
        args.addAll(List.of(extra));
        ServerProcess p = new ServerProcess(NodeId.of(address), command, args, dir.resolve(name + ".log"));
        processes.add(p);
        p.start();
        return p;
    }

    /** {@code eraft kv ...} run in this JVM (as the image runs it, without a JVM start per key). */
    private static int kvInProcess(String... args) {
        CliRun r = CliRun.eraft(args);
        assertEquals("", r.err(), "eraft " + String.join(" ", args));
        return r.exit();
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        processes.forEach(p -> b.append("\n--- log of ").append(p.id).append(" ---\n").append(p.logTail()));
        return b.toString();
    }

    @Test
    void joinPutMoveKillAndRestartAGroupAndEveryKeyIsStillThere(@TempDir Path dir) throws Exception {
        List<Integer> ports = FreePorts.pick(3);
        String ctrler = "127.0.0.1:" + ports.get(0);
        String g1 = "127.0.0.1:" + ports.get(1);
        String g2 = "127.0.0.1:" + ports.get(2);
        start(dir, "ctrler", ctrler, "ctrler");
        ServerProcess g1Process = start(dir, "server", g1, "g1", "--ctrlers", ctrler, "--group", "g1");
        start(dir, "server", g2, "g2", "--ctrlers", ctrler, "--group", "g2");

        try (ShardedClient client = ShardedClient.connect(PeerList.parse(ctrler, "test"),
                ServerConfig.DEFAULT_CONTROLLER, Duration.ofSeconds(60))) {
            assertEquals(0, client.controller().latest().num(), "the controller answers" + logs());

            ImageCli.Result join = eraft("ctl", "--ctrlers", ctrler, "join", "g1=" + g1, "g2=" + g2);
            assertEquals(0, join.exit(), join.out() + logs());
            assertTrue(join.out().startsWith("configuration 1: 8 shards, 2 groups\n"), join.out());

            for (int i = 0; i < KEYS; i++) {
                assertEquals(0, kvInProcess("kv", "--ctrlers", ctrler, "--timeout", "60s", "put", key(i), value(i)),
                        "put " + key(i) + logs());
            }
            ImageCli.Result get = eraft("kv", "--ctrlers", ctrler, "get", key(7));
            assertEquals(new ImageCli.Result(0, value(7) + "\n"), get);

            int shard = client.controller().latest().shardsOf("g1").get(0);
            ImageCli.Result move = eraft("ctl", "--ctrlers", ctrler, "move", Integer.toString(shard), "g2");
            assertEquals(0, move.exit(), move.out() + logs());
            assertTrue(move.out().startsWith("configuration 2: 8 shards, 2 groups\n"), move.out());
            ShardConfig moved = client.controller().latest();
            assertEquals("g2", moved.owner(shard));

            g1Process.kill();
            g1Process.start();

            ShardClerk clerk = client.newClerk();
            for (int i = 0; i < KEYS; i++) {
                byte[] v = clerk.get(key(i).getBytes(StandardCharsets.UTF_8)).orElseThrow(
                        () -> new AssertionError("lost a key" + logs()));
                assertEquals(value(i), new String(v, StandardCharsets.UTF_8));
            }

            ImageCli.Result status = awaitHealthyStatus(ctrler);
            List<String> lines = status.out().lines().toList();
            assertTrue(lines.get(0).matches("cluster [0-9a-f]{16}"), status.out());
            assertEquals("configuration 2: 8 shards, 2 groups (controller ctrler)", lines.get(1), status.out());
            assertTrue(lines.stream().anyMatch(l -> l.matches(Pattern.quote(g1) + "\\s+g1\\s+LEADER\\s.*")),
                    status.out());
            assertTrue(lines.stream().anyMatch(l -> l.matches(Pattern.quote(g2) + "\\s+g2\\s+LEADER\\s.*")),
                    status.out());
            assertTrue(lines.stream().anyMatch(l -> l.matches("g1\\s+2\\s+\\S+ \\(3\\)\\s+\\S+ serving")),
                    status.out());
            assertTrue(lines.stream().anyMatch(l -> l.matches("g2\\s+2\\s+\\S+ \\(5\\)\\s+\\S+ serving")),
                    status.out());
        }
    }

    /** Runs {@code eraft status --ctrlers} until every node answers and no shard is moving (up to 60 s). */
    private ImageCli.Result awaitHealthyStatus(String ctrler) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ImageCli.Result r = eraft("status", "--ctrlers", ctrler);
        while (r.exit() != 0 || r.out().contains("PULLING") || r.out().contains("BEING_PULLED")
                || r.out().contains("GC_PENDING")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("status did not settle within 60 s:\n" + r.out() + logs());
            }
            Thread.sleep(500);
            r = eraft("status", "--ctrlers", ctrler);
        }
        return r;
    }

    private static String key(int i) {
        return "key-" + i;
    }

    private static String value(int i) {
        return "value-" + i;
    }
}

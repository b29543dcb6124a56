package io.eraft.store.rocksdb;

import io.eraft.shardkv.client.EraftClient;
import io.eraft.shardkv.client.GroupClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin as a user deploys it: {@code target/plugin} copied into a plugins directory, three {@code eraft server}
 * processes from the image ({@code -Deraft.image=DIR}) with {@code --plugins DIR} and {@code store=rocksdb}, a small
 * snapshot threshold so the log is compacted under the writes. A follower killed with {@code kill -9} misses writes
 * past a compaction and catches up by a snapshot install into its RocksDB store; then the leader is killed and
 * restarted, then every server; every acknowledged write reads back with its value.
 */
@Timeout(300)
class RocksDbPluginIT {
    private static final Path IMAGE = Path.of(System.getProperty("eraft.image", "../../eraft-dist/target/eraft-image"))
            .toAbsolutePath().normalize();
    private static final Path PLUGIN = Path.of(System.getProperty("plugin.dir", "target/plugin")).toAbsolutePath();
    private static final byte[] FILLER = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private final Map<String, Process> servers = new LinkedHashMap<>();
    private final Map<String, String> acknowledged = new LinkedHashMap<>();
    private String peers;

    @AfterEach
    void killServers() {
        servers.values().forEach(Process::destroyForcibly);
    }

    @Test
    void aRocksDbClusterFromThePluginsDirectoryKeepsEveryAcknowledgedWriteThroughSnapshotsAndKills()
            throws Exception {
        assertTrue(Files.isExecutable(IMAGE.resolve("bin/eraft")), "no eRaft image at " + IMAGE);
        Path plugins = Files.createDirectories(dir.resolve("plugins/rocksdb"));
        try (Stream<Path> jars = Files.list(PLUGIN)) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        List<Integer> ports = freePorts(3);
        peers = "n1=127.0.0.1:" + ports.get(0) + ",n2=127.0.0.1:" + ports.get(1) + ",n3=127.0.0.1:" + ports.get(2);
        for (String id : List.of("n1", "n2", "n3")) {
            start(id);
        }

        try (GroupClient kv = EraftClient.group("kv", peers).operationTimeout(Duration.ofSeconds(60)).connect()) {
            write(kv, 0, 150);
            servers.get("n3").destroyForcibly().waitFor();        // kill -9 a follower (or the leader)
            write(kv, 150, 450);                                  // ~300 KiB past a 32 KiB threshold: compacted
            start("n3");
            waitForLog("n3", "installed snapshot through", Duration.ofSeconds(90));
            write(kv, 450, 500);

            String leader = leaderThatSentTheSnapshot();
            servers.get(leader).destroyForcibly().waitFor();      // kill -9 the leader
            write(kv, 500, 550);
            start(leader);
            write(kv, 550, 600);
            assertEveryAcknowledgedWrite(kv);
        }

        for (Process p : servers.values()) {                      // every server down at once, then up
            p.destroyForcibly().waitFor();
        }
        for (String id : List.of("n1", "n2", "n3")) {
            start(id);
        }
        try (GroupClient kv = EraftClient.group("kv", peers).operationTimeout(Duration.ofSeconds(60)).connect()) {
            assertEveryAcknowledgedWrite(kv);
        }
        for (String id : List.of("n1", "n2", "n3")) {
            String log = Files.readString(dir.resolve(id + ".log"));
            assertTrue(log.contains("rocksdb") && !log.contains("refused"), id + " did not run on the plugin: " + log);
        }
    }

    private void write(GroupClient kv, int from, int to) {
        for (int i = from; i < to; i++) {
            String key = "k" + i;
            String value = "v" + i + "-";
            kv.put(key.getBytes(StandardCharsets.UTF_8), concat(value.getBytes(StandardCharsets.UTF_8), FILLER));
            acknowledged.put(key, value);
        }
    }

    private void assertEveryAcknowledgedWrite(GroupClient kv) {
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            Optional<byte[]> got = kv.get(e.getKey().getBytes(StandardCharsets.UTF_8));
            assertTrue(got.isPresent(), e.getKey() + " lost");
            String text = new String(got.get(), StandardCharsets.UTF_8);
            assertEquals(e.getValue(), text.substring(0, e.getValue().length()), e.getKey());
            assertEquals(e.getValue().length() + FILLER.length, got.get().length, e.getKey());
        }
    }

    private void start(String id) throws IOException {
        Path config = Files.write(dir.resolve(id + ".properties"), List.of("node.id=" + id, "peers=" + peers,
                "data.dir=" + dir.resolve(id), "store=rocksdb", "snapshot.threshold=32KiB"));
        Path log = dir.resolve(id + ".log");
        ProcessBuilder pb = new ProcessBuilder(IMAGE.resolve("bin/eraft").toString(), "server",
                "--plugins", dir.resolve("plugins").toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        servers.put(id, pb.start());
    }

    private void waitForLog(String id, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path log = dir.resolve(id + ".log");
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(id + " never logged '" + text + "':\n" + Files.readString(log));
    }

    /** The server that logged n3 installing its snapshot: the leader then (no election since, on a quiet run). */
    private String leaderThatSentTheSnapshot() throws IOException {
        for (String id : List.of("n1", "n2")) {
            if (Files.readString(dir.resolve(id + ".log")).contains("installed the snapshot through")) {
                return id;
            }
        }
        throw new AssertionError("no leader logged that n3 installed the snapshot");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}

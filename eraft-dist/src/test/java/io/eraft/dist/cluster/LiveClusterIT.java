package io.eraft.dist.cluster;

import io.eraft.api.transport.NodeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.eraft.dist.cluster.ImageCli.eraft;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live 3-process group: hostile input on a node's port (garbage, oversized and truncated frames) closes only the
 * offending connection and the node keeps serving; the image's {@code eraft} client commands work against it; and
 * SIGTERM stops a node cleanly, after which it rejoins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class LiveClusterIT {
    private ProcessCluster cluster;
    private NodeId target;
    private int targetPort;

    @BeforeAll
    void start(@TempDir Path dir) throws InterruptedException {
        cluster = new ProcessCluster(dir, 3).startAll();
        cluster.awaitLeader();
        cluster.awaitAllOnline();
        target = NodeId.of("n1");
        String address = cluster.peers.addressOf(target);
        targetPort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Sends {@code bytes} on a new connection to the target node; true when the node then closes it. */
    private boolean nodeClosesAfter(byte[] bytes) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", targetPort), 5_000);
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException closedWhileWriting) {
                return true;
            }
            InputStream in = s.getInputStream();
            try {
                while (in.read() >= 0) {
                    // the node may answer a hello; wait for the close
                }
                return true;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    private static byte[] frame(int declaredLength, byte[] body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(declaredLength);
        d.write(body);
        return b.toByteArray();
    }

    /** The target process is alive, answers status, and the group takes a write and reads it back. */
    private void assertStillServing(String what) throws InterruptedException {
        assertTrue(cluster.node(target).alive(), target + " died after " + what + ":\n"
                + cluster.node(target).logTail());
        assertTrue(cluster.status(target).isPresent(), target + " does not answer status after " + what
                + cluster.describe());
        var clerk = cluster.client.newClerk();
        byte[] key = ("after " + what).getBytes(StandardCharsets.UTF_8);
        clerk.put(key, key);
        assertArrayEquals(key, clerk.get(key).orElseThrow());
    }

    @Test
    @Order(1)
    void randomGarbageClosesTheConnectionAndTheNodeKeepsServing() throws Exception {
        Random random = new Random(42);
        byte[] garbage = new byte[64 * 1024];
        random.nextBytes(garbage);
        garbage[0] = 0x7f; // as a length prefix: over any frame limit, so the node must not wait for the rest
        assertTrue(nodeClosesAfter(garbage), "the node kept a connection that sent garbage");
        byte[] shortGarbage = new byte[100];
        random.nextBytes(shortGarbage);
        assertTrue(nodeClosesAfter(frame(shortGarbage.length, shortGarbage)),
                "the node kept a connection whose frame holds no valid envelope");
        assertStillServing("garbage");
    }

    @Test
    @Order(2)
    void anOversizedFrameIsRefusedWithoutWaitingForItsBody() throws Exception {
        assertTrue(nodeClosesAfter(frame(65 << 20, new byte[16])), "a 65 MiB frame header was not refused");
        assertTrue(nodeClosesAfter(frame(Integer.MAX_VALUE, new byte[16])), "a 2 GiB frame header was not refused");
        assertTrue(nodeClosesAfter(frame(-1, new byte[16])), "a negative frame length was not refused");
        assertStillServing("oversized frames");
    }

    @Test
    @Order(3)
    void truncatedFramesAndManyBadConnectionsAtOnceLeaveTheNodeServing() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket("127.0.0.1", targetPort)) {
                s.getOutputStream().write(frame(1000, new byte[10])); // then hang up mid-frame
            }
        }
        List<Thread> attackers = new ArrayList<>();
        List<Boolean> closed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 16; i++) {
            byte[] bytes = new byte[4096];
            new Random(i).nextBytes(bytes);
            bytes[0] = 0x7f;
            Thread t = new Thread(() -> {
                try {
                    closed.add(nodeClosesAfter(bytes));
                } catch (IOException e) {
                    closed.add(true);
                }
            });
            attackers.add(t);
            t.start();
        }
        for (Thread t : attackers) {
            t.join(30_000);
        }
        assertEquals(16, closed.size());
        assertTrue(closed.stream().allMatch(c -> c), "some bad connections stayed open: " + closed);
        assertStillServing("truncated frames and concurrent garbage");
    }

    @Test
    @Order(4)
    void theImagesClientCommandsWorkAgainstTheServerProcesses() throws Exception {
        String servers = cluster.peers.format();
        ImageCli.Result put = eraft("kv", "--servers", servers, "put", "greeting", "hello from the image");
        assertEquals(new ImageCli.Result(0, "OK\n"), put);
        assertEquals(new ImageCli.Result(0, "hello from the image\n"),
                eraft("kv", "--servers", servers, "get", "greeting"));

        ImageCli.Result status = eraft("status", "--servers", servers);
        assertEquals(0, status.exit(), status.out());
        String[] lines = status.out().split("\n");
        assertEquals(5, lines.length, status.out());
        assertTrue(lines[0].matches("cluster [0-9a-f]{16}"), "the cluster id comes first: " + status.out());
        assertEquals(1, status.out().lines().filter(l -> l.contains(" LEADER ")).count(), status.out());
        for (NodeId id : cluster.peers.ids()) {
            assertTrue(status.out().contains(cluster.peers.addressOf(id)), status.out());
        }

        ImageCli.Result bench = eraft("bench", "--servers", servers, "--clients", "4", "--ops", "200", "--json");
        assertEquals(0, bench.exit(), bench.out());
        assertTrue(bench.out().contains("\"total\":{\"ops\":200,"), bench.out());
        assertTrue(bench.out().contains("\"errors\":0"), bench.out());
    }

    @Test
    @Order(5)
    void sigtermStopsANodeCleanlyAndItRejoinsOnRestart() throws Exception {
        NodeId victim = NodeId.of("n3");
        ServerProcess node = cluster.node(victim);
        int exit = node.terminate();
        assertEquals(143, exit, "a JVM stopped by SIGTERM exits with 128 + 15; log:\n" + node.logTail());
        assertTrue(node.log().contains("node " + victim + " stopped"), "no clean stop in the log:\n"
                + node.logTail());
        assertTrue(cluster.status(victim).isEmpty(), victim + " still answers after SIGTERM");

        var clerk = cluster.client.newClerk();
        clerk.put("while n3 was down".getBytes(StandardCharsets.UTF_8), new byte[] {1});
        node.start();
        cluster.awaitLeader();
        long commit = cluster.probe().stream().filter(p -> p.online()).mapToLong(p -> p.status().commitIndex())
                .max().orElseThrow();
        cluster.awaitApplied(victim, commit);
    }
}

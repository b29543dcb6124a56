package io.eraft.transport.netty;

import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.transport.handling.Refusals;
import io.eraft.transport.testkit.LogCapture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.CHANNEL;
import static io.eraft.transport.netty.Fixtures.ECHO;
import static io.eraft.transport.netty.Fixtures.LONG;
import static io.eraft.transport.netty.Fixtures.OTHER_CLUSTER;
import static io.eraft.transport.netty.Fixtures.bytes;
import static io.eraft.transport.netty.Fixtures.text;
import static io.eraft.transport.netty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of 3,000 garbage connections (bad frames, hellos of another cluster, connections that never say hello)
 * writes a bounded number of log lines that still account for every refusal, and the node keeps serving.
 */
class ConnectionFloodTest {
    private static final int PER_KIND = 1000;
    /** b's handshake deadline: the connections that never say hello are closed (and refused) after it. */
    private static final int HANDSHAKE_MS = 1000;
    /** The refusal log's limit: 10 lines per 10 s for each kind ({@code LogLimiter.forRefusals()}). */
    private static final int BURST = 10;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Pattern LEFT_OUT = Pattern.compile("(\\d+) more refused \\w+ (were )?not logged");

    private final Map<NodeId, String> addresses = Fixtures.addressesFor(A, B);

    @Test
    void threeThousandGarbageConnectionsWriteABoundedLogThatCountsThemAllAndTheNodeKeepsServing() throws Exception {
        warmUp(); // so that a's first hello beats b's short handshake deadline on a loaded machine
        NettyTransport a = Fixtures.netty(A, addresses);
        NettyTransport b = Fixtures.netty(B, addresses,
                Map.of(NettyTransportProvider.CONNECT_TIMEOUT_MS, Integer.toString(HANDSHAKE_MS)));
        try (a; LogCapture log = new LogCapture()) {
            b.register(CHANNEL, ECHO);
            b.register("kv", Access.CLIENT, ECHO);
            value(a.request(B, CHANNEL, bytes("before"), LONG));
            byte[] garbage = "GET / HTTP/1.1\r\nHost: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] foreignHello = RawPeer.frame(Wire.VERSION, RawPeer.hello("a", "b", OTHER_CLUSTER, Access.PEER));

            long start = System.nanoTime();
            flood(garbage, 100);
            flood(foreignHello, 100);
            flood(new byte[0], PER_KIND); // all at once: each waits for b's handshake deadline to close it
            long elapsed = System.nanoTime() - start;

            assertEquals("during", text(value(a.request(B, CHANNEL, bytes("during"), LONG))));
            try (NettyTransport clerk = Fixtures.client(NodeId.of("clerk"), Map.of(B, addresses.get(B)))) {
                assertEquals("client", text(value(clerk.request(B, "kv", bytes("client"), LONG))));
            }
            assertEquals(2L * PER_KIND, b.refusals().count(Refusals.Kind.CONNECTION));
            assertEquals(PER_KIND, b.refusals().count(Refusals.Kind.HELLO));
            b.close(); // summarises what the limit left out

            List<String> lines = log.linesWith("Refusals - node b");
            long windows = elapsed / WINDOW_NANOS + 1;
            long bound = 2 * BURST * windows + 2 * (windows + 1); // two kinds' bursts, and their summaries
            assertTrue(lines.size() <= bound, lines.size() + " refusal lines in " + TimeUnit.NANOSECONDS.toMillis(
                    elapsed) + " ms, over " + bound + ":\n" + String.join("\n", lines));
            assertEquals(3L * PER_KIND, accountedFor(lines), "the log does not account for every refusal:\n"
                    + String.join("\n", lines));
            assertFalse(log.linesWith("exceeds max-frame-bytes").isEmpty());
            assertTrue(log.linesWith("wrong cluster").get(0).contains("(cluster " + OTHER_CLUSTER + ", role PEER)"
                    + " from 127.0.0.1:"), log.linesWith("wrong cluster").get(0));
            assertFalse(log.linesWith("no handshake within " + HANDSHAKE_MS + " ms").isEmpty());
        } finally {
            b.close();
        }
    }

    /** Starts and stops a pair of transports, which loads what a node needs. */
    private static void warmUp() throws Exception {
        NodeId x = NodeId.of("x");
        NodeId y = NodeId.of("y");
        Map<NodeId, String> pair = Fixtures.addressesFor(x, y);
        try (NettyTransport first = Fixtures.netty(x, pair); NettyTransport second = Fixtures.netty(y, pair)) {
            second.register(CHANNEL, ECHO);
            value(first.request(y, CHANNEL, bytes("warm"), LONG));
        }
    }

    /** Opens {@link #PER_KIND} connections to b, {@code batch} at a time, each sending {@code bytes}. */
    private void flood(byte[] bytes, int batchSize) throws IOException {
        int port = Fixtures.port(addresses.get(B));
        for (int done = 0; done < PER_KIND; done += batchSize) {
            List<Socket> batch = new ArrayList<>();
            try {
                for (int i = 0; i < batchSize; i++) {
                    Socket socket = new Socket();
                    batch.add(socket);
                    socket.connect(new InetSocketAddress("127.0.0.1", port));
                    socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(Fixtures.WAIT_SECONDS));
                    socket.getOutputStream().write(bytes);
                }
                for (Socket socket : batch) {
                    awaitClosedByB(socket.getInputStream());
                }
            } finally {
                for (Socket socket : batch) {
                    socket.close();
                }
            }
        }
    }

    /** Reads what b sends (a refusal, say) until it closes the connection. */
    private static void awaitClosedByB(InputStream in) throws IOException {
        try {
            while (in.read(new byte[256]) >= 0) {
                // b's answer is not needed
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("reset")) {
                throw e;
            }
        }
    }

    /** Refusals the lines account for: one per refusal line, plus the counts of those left out. */
    private static long accountedFor(List<String> lines) {
        long total = 0;
        for (String line : lines) {
            Matcher leftOut = LEFT_OUT.matcher(line);
            long omitted = leftOut.find() ? Long.parseLong(leftOut.group(1)) : 0;
            boolean summary = line.contains("were not logged (rate limit)");
            total += omitted + (summary ? 0 : 1);
        }
        return total;
    }
}

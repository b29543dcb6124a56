package io.eraft.transport.netty;

import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.transport.netty.proto.Envelope;
import io.eraft.transport.netty.proto.Request;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.CHANNEL;
import static io.eraft.transport.netty.Fixtures.ECHO;
import static io.eraft.transport.netty.Fixtures.LONG;
import static io.eraft.transport.netty.Fixtures.await;
import static io.eraft.transport.netty.Fixtures.bytes;
import static io.eraft.transport.netty.Fixtures.failure;
import static io.eraft.transport.netty.Fixtures.text;
import static io.eraft.transport.netty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounded queues on both sides: no peer can make a node buffer without limit. */
class BackpressureTest {
    private static final int BOUND = 256 * 1024;
    private static final String BACKPRESSURE = "eraft_transport_backpressure_total";
    /** The bound on what may wait for one peer. */
    private static final Map<String, String> BOUNDED = Map.of(NettyTransportProvider.MAX_PENDING_BYTES_PER_PEER,
            Integer.toString(BOUND));

    @Test
    void requestsToAPeerThatDoesNotReadFailFastOnceItsQueueIsOverTheBound() throws Exception {
        try (StopsReadingAfterItsHello silent = new StopsReadingAfterItsHello()) {
            Map<NodeId, String> addresses = Map.of(A, Fixtures.freeAddresses(1).get(0), B, silent.address());
            try (NettyTransport a = Fixtures.netty(A, addresses, BOUNDED)) {
                InMemoryMetrics metrics = new InMemoryMetrics();
                a.recordTo(metrics);
                byte[] payload = new byte[64 * 1024];
                int refused = 0;
                List<CompletableFuture<byte[]>> accepted = new ArrayList<>();
                Throwable refusal = null;
                int refusedInARow = 0; // refusals that persist while the event loop has time to write
                for (int i = 0; i < 10_000 && refusedInARow < 10; i++) {
                    CompletableFuture<byte[]> request = a.request(B, CHANNEL, payload, LONG);
                    if (request.isCompletedExceptionally()) { // failed before request() returned
                        refusal = failure(request);
                        refusedInARow++;
                        refused++;
                        Thread.sleep(20);
                    } else {
                        refusedInARow = 0;
                        accepted.add(request);
                    }
                    assertTrue(a.pendingBytes(B) <= BOUND, "waiting bytes " + a.pendingBytes(B) + " over the bound");
                }

                assertEquals(10, refusedInARow, "the queue to a peer that does not read kept taking requests");
                assertInstanceOf(PeerUnreachableException.class, refusal);
                assertTrue(refusal.getMessage().contains("the queue to node b is full"), refusal.getMessage());
                assertTrue(refusal.getMessage().contains("max-pending-bytes-per-peer " + BOUND), refusal.getMessage());
                assertTrue(silent.answeredTheHello(), "b never answered a's hello, so a never sent to it");
                assertEquals(refused, metrics.counterValue(BACKPRESSURE, "peer", "b"), "each refusal is counted");
                assertEquals(accepted.size(), metrics.counterValue("eraft_transport_messages_sent_total", "peer", "b"),
                        "refused requests are not counted as sent");
                long acceptedBytes = (long) accepted.size() * payload.length;
                assertTrue(acceptedBytes < 64L << 20,
                        "took " + acceptedBytes + " bytes; the socket buffers hold only a few MB");
                assertTrue(accepted.stream().noneMatch(CompletableFuture::isDone), "accepted requests wait");

                silent.goAway(); // what waited for it fails and is freed
                assertInstanceOf(PeerUnreachableException.class, failure(accepted.get(0)));
                await("the queue to b is freed", () -> a.pendingBytes(B) == 0);
            }
        }
    }

    @Test
    void aNodeStopsReadingWhileItsHandlersHoldMoreThanTheBoundAndResumesWhenTheyAnswer() throws Exception {
        Map<NodeId, String> addresses = Fixtures.addressesFor(A, B);
        List<CompletableFuture<byte[]>> held = new CopyOnWriteArrayList<>();
        int payloadBytes = 16 * 1024;
        int requests = 100;
        try (NettyTransport a = Fixtures.netty(A, addresses);
             NettyTransport b = Fixtures.netty(B, addresses, BOUNDED)) {
            InMemoryMetrics metrics = new InMemoryMetrics();
            b.recordTo(metrics);
            b.register(CHANNEL, (from, payload) -> {
                CompletableFuture<byte[]> reply = new CompletableFuture<>();
                held.add(reply);
                return reply;
            });
            List<CompletableFuture<byte[]>> sent = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                sent.add(a.request(B, CHANNEL, new byte[payloadBytes], LONG));
            }

            int overBound = BOUND / payloadBytes + 1;
            await("b holds more than the bound", () -> b.stats().requestsReceived() >= overBound);
            Thread.sleep(300); // time in which b would read everything if it did not stop
            long received = b.stats().requestsReceived();
            int oneRead = 64 * 1024 / payloadBytes + 1; // what one socket read may still bring in
            assertTrue(received <= overBound + oneRead + 2, "b read " + received + " requests despite the bound");
            assertTrue(metrics.counterValue(BACKPRESSURE, "peer", "a") >= 1, "b's pause in reading a is counted");

            b.unregister(CHANNEL);
            b.register(CHANNEL, ECHO);
            for (CompletableFuture<byte[]> reply : held) {
                reply.complete(new byte[0]);
            }
            value(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));
            assertEquals(requests, b.stats().requestsReceived());
        }
    }

    @Test
    void aClientThatDoesNotReadItsRepliesIsNotReadEitherAndTheNodeKeepsServingOthers() throws Exception {
        Map<NodeId, String> addresses = Fixtures.addressesFor(A, B);
        try (NettyTransport b = Fixtures.netty(B, addresses, BOUNDED);
             NettyTransport a = Fixtures.netty(A, addresses)) {
            InMemoryMetrics metrics = new InMemoryMetrics();
            b.recordTo(metrics);
            b.register(CHANNEL, Access.CLIENT, ECHO);
            int frames = 2000; // 128 MiB of requests whose echoed replies the client never reads
            AtomicInteger written = new AtomicInteger();
            Thread writer;
            try (RawPeer raw = new RawPeer(addresses.get(B))) {
                writer = new Thread(() -> {
                    try {
                        raw.send(RawPeer.frame(Wire.VERSION, RawPeer.hello("greedy")));
                        byte[] frame = RawPeer.frame(Wire.VERSION, Envelope.newBuilder()
                                .setRequest(Request.newBuilder()
                                        .setId(1)
                                        .setChannel(CHANNEL)
                                        .setPayload(ByteString.copyFrom(new byte[64 * 1024])))
                                .build());
                        for (int i = 0; i < frames; i++) {
                            raw.send(frame);
                            written.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // the socket was closed by the test
                    }
                }, "greedy-client");
                writer.setDaemon(true);
                writer.start();

                awaitSteady(() -> b.stats().requestsReceived());
                assertTrue(writer.isAlive(),
                        "the client wrote all " + written.get() + " requests: b never stopped reading");
                assertTrue(b.stats().requestsReceived() < frames, "b read everything");
                assertTrue(metrics.counterValue(BACKPRESSURE, "peer", "client") >= 1,
                        "b's pause in reading the client that does not read its replies is counted");
                assertEquals("others are served", text(value(a.request(B, CHANNEL, bytes("others are served"),
                        LONG))));
            }
            writer.join(TimeUnit.SECONDS.toMillis(Fixtures.WAIT_SECONDS));
            assertFalse(writer.isAlive(), "the client's writes did not end when its socket closed");
        }
    }

    /**
     * Node b as a socket that answers a's hello and then never reads again, so that what a sends piles up in the
     * socket buffers and then in a's queue.
     */
    private static final class StopsReadingAfterItsHello implements AutoCloseable {
        private final ServerSocket server = new ServerSocket();
        private final Thread acceptor;
        private final CountDownLatch answered = new CountDownLatch(1);
        private volatile Socket accepted;

        StopsReadingAfterItsHello() throws IOException {
            server.setReceiveBufferSize(64 * 1024);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            acceptor = new Thread(() -> {
                try {
                    Socket socket = server.accept();
                    accepted = socket;
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    in.readFully(new byte[in.readInt()]); // a's hello
                    socket.getOutputStream().write(RawPeer.frame(Wire.VERSION,
                            RawPeer.hello("b", "", Fixtures.CLUSTER, Access.PEER)));
                    socket.getOutputStream().flush();
                    answered.countDown();
                } catch (IOException e) {
                    // closed by the test
                }
            }, "b-stops-reading");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        boolean answeredTheHello() throws InterruptedException {
            return answered.await(Fixtures.WAIT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            goAway();
        }

        /** Closes the listening socket and the connection a made. */
        void goAway() throws IOException {
            server.close();
            Socket socket = accepted;
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** Waits (up to 10 s) until {@code counter} has not changed for half a second. */
    private static void awaitSteady(LongSupplier counter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = -1;
        long steadySince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = counter.getAsLong();
            if (now != last) {
                last = now;
                steadySince = System.nanoTime();
            } else if (System.nanoTime() - steadySince > TimeUnit.MILLISECONDS.toNanos(500)) {
                return;
            }
            Thread.sleep(20);
        }
    }
}

package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.RemoteException;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportStats;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.C;
import static io.eraft.transport.netty.Fixtures.CHANNEL;
import static io.eraft.transport.netty.Fixtures.ECHO;
import static io.eraft.transport.netty.Fixtures.LONG;
import static io.eraft.transport.netty.Fixtures.await;
import static io.eraft.transport.netty.Fixtures.bytes;
import static io.eraft.transport.netty.Fixtures.failure;
import static io.eraft.transport.netty.Fixtures.text;
import static io.eraft.transport.netty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Netty-specific behaviour between nodes on loopback: connections, frame limits, failures and restarts. */
class NettyTransportTest {
    private static final int MAX_FRAME = 1 << 20;

    private final Map<NodeId, String> addresses = Fixtures.addressesFor(A, B, C);
    private final List<Transport> started = new ArrayList<>();

    @AfterEach
    void closeTransports() {
        started.forEach(Transport::close);
    }

    private NettyTransport start(NodeId node) {
        return start(node, Map.of());
    }

    private NettyTransport start(NodeId node, Map<String, String> options) {
        NettyTransport transport = Fixtures.netty(node, addresses, options);
        started.add(transport);
        return transport;
    }

    @Test
    void threeNodesTalkBothWaysEachSendingOnlyOnTheConnectionsItDialed() throws Exception {
        NettyTransport a = start(A);
        NettyTransport b = start(B);
        NettyTransport c = start(C);
        for (Transport t : List.of(a, b, c)) {
            NodeId self = t.localNode();
            t.register(CHANNEL, (from, payload) -> CompletableFuture.completedFuture(bytes(from + "->" + self)));
        }

        assertEquals("a->b", text(value(a.request(B, CHANNEL, bytes("1"), LONG))));
        assertEquals("b->a", text(value(b.request(A, CHANNEL, bytes("2"), LONG))));
        assertEquals("a->c", text(value(a.request(C, CHANNEL, bytes("3"), LONG))));
        assertEquals("c->a", text(value(c.request(A, CHANNEL, bytes("4"), LONG))));
        assertEquals("c->b", text(value(c.request(B, CHANNEL, bytes("5"), LONG))));
        assertEquals("b->c", text(value(b.request(C, CHANNEL, bytes("6"), LONG))));

        assertEquals(4, a.connectionCount(), "a: one connection to b and one to c, and one from each");
        assertEquals(4, b.connectionCount(), "b: one connection to a and one to c, and one from each");
        assertEquals(4, c.connectionCount(), "c: one connection to a and one to b, and one from each");
    }

    @Test
    void nodesThatDialEachOtherAtOnceLoseNoRequestAndEachKeepsOneConnectionItDialed() throws Exception {
        NettyTransport a = start(A);
        NettyTransport b = start(B);
        a.register(CHANNEL, ECHO);
        b.register(CHANNEL, ECHO);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<byte[]>> requests = new CopyOnWriteArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (NettyTransport[] pair : List.of(new NettyTransport[] {a, b}, new NettyTransport[] {b, a})) {
            Thread sender = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 20; i++) {
                    requests.add(pair[0].request(pair[1].localNode(), CHANNEL, bytes("r" + i), LONG));
                }
            });
            sender.start();
            senders.add(sender);
        }

        go.countDown();
        for (Thread sender : senders) {
            sender.join();
        }

        value(CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)));
        assertEquals(40, requests.size());
        assertEquals("after", text(value(b.request(A, CHANNEL, bytes("after"), LONG))));
        assertEquals("after", text(value(a.request(B, CHANNEL, bytes("after"), LONG))));
        assertEquals(2, a.connectionCount(), "a: the one it dialed to b and the one b dialed");
        assertEquals(2, b.connectionCount(), "b: the one it dialed to a and the one a dialed");
    }

    @Test
    void manyChannelsShareOneConnection() throws Exception {
        NettyTransport a = start(A);
        NettyTransport b = start(B);
        int channels = 50;
        for (int i = 0; i < channels; i++) {
            String name = "kv/" + i;
            b.register(name, (from, payload) -> CompletableFuture.completedFuture(bytes(name + ":" + text(payload))));
        }

        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            replies.add(a.request(B, "kv/" + i, bytes("x" + i), LONG));
        }

        for (int i = 0; i < channels; i++) {
            assertEquals("kv/" + i + ":x" + i, text(value(replies.get(i))));
        }
        assertEquals(1, a.connectionCount());
        assertEquals(1, b.connectionCount());
    }

    @Test
    void aPayloadCloseToTheFrameLimitArrivesWhole() throws Exception {
        Map<String, String> options = Map.of(NettyTransportProvider.MAX_FRAME_BYTES, Integer.toString(MAX_FRAME));
        NettyTransport a = start(A, options);
        NettyTransport b = start(B, options);
        b.register(CHANNEL, ECHO);
        byte[] payload = new byte[MAX_FRAME - 64];
        new Random(7).nextBytes(payload);

        byte[] reply = value(a.request(B, CHANNEL, payload.clone(), LONG));

        assertArrayEquals(payload, reply);
    }

    @Test
    void aPayloadOverTheFrameLimitFailsAtTheSenderAndIsNotSent() throws Exception {
        Map<String, String> options = Map.of(NettyTransportProvider.MAX_FRAME_BYTES, Integer.toString(MAX_FRAME));
        NettyTransport a = start(A, options);
        NettyTransport b = start(B, options);
        b.register(CHANNEL, ECHO);

        Throwable error = failure(a.request(B, CHANNEL, new byte[MAX_FRAME], LONG));

        assertEquals(TransportException.class, error.getClass());
        assertTrue(error.getMessage().contains("over max-frame-bytes " + MAX_FRAME), error.getMessage());
        assertEquals(TransportStats.ZERO, a.stats());
        assertEquals(0, a.connectionCount(), "nothing was sent, so nothing was dialed");
        assertEquals("ok", text(value(a.request(B, CHANNEL, bytes("ok"), LONG))));
    }

    @Test
    void aReplyOverTheFrameLimitFailsTheRequestWithRemoteException() throws Exception {
        Map<String, String> options = Map.of(NettyTransportProvider.MAX_FRAME_BYTES, Integer.toString(MAX_FRAME));
        NettyTransport a = start(A, options);
        NettyTransport b = start(B, options);
        b.register(CHANNEL, (from, payload) -> CompletableFuture.completedFuture(new byte[MAX_FRAME]));

        Throwable error = failure(a.request(B, CHANNEL, bytes("big reply please"), LONG));

        assertInstanceOf(RemoteException.class, error);
        assertTrue(error.getMessage().contains("over max-frame-bytes " + MAX_FRAME), error.getMessage());
    }

    @Test
    void aPeerThatIsDownIsUnreachableAndIsReachedAgainOnceItRestartsOnItsPort() throws Exception {
        NettyTransport a = start(A);
        NettyTransport b = start(B);
        b.register(CHANNEL, ECHO);
        value(a.request(B, CHANNEL, bytes("before"), LONG));

        b.close();
        Throwable down = failure(a.request(B, CHANNEL, bytes("while down"), LONG));
        NettyTransport restarted = start(B);
        restarted.register(CHANNEL, ECHO);

        assertInstanceOf(PeerUnreachableException.class, down);
        assertTrue(down.getMessage().contains("to b"), down.getMessage());
        await("a reaches the restarted b", () -> a.request(B, CHANNEL, bytes("again"), LONG)
                .handle((reply, error) -> reply != null && text(reply).equals("again")).join());
        assertEquals(1, restarted.stats().requestsReceived());
    }

    @Test
    void requestsInFlightWhenThePeerStopsFailAsUnreachable() throws Exception {
        NettyTransport a = start(A);
        NettyTransport b = start(B);
        b.register(CHANNEL, (from, payload) -> new CompletableFuture<>());
        CompletableFuture<byte[]> pending = a.request(B, CHANNEL, bytes("x"), LONG);
        await("b received the request", () -> b.stats().requestsReceived() == 1);

        b.close();

        Throwable error = failure(pending);
        assertInstanceOf(PeerUnreachableException.class, error);
        assertTrue(error.getMessage().contains("connection to node b"), error.getMessage());
    }

    @Test
    void retriesWhileAPeerStaysDownBackOffAndFailFast() throws Exception {
        // c is down at port 1, below the ephemeral range: nothing listens there, and no other socket can take it
        // meanwhile as a free ephemeral port could
        NettyTransport a = Fixtures.netty(A, Map.of(A, addresses.get(A), C, "127.0.0.1:1"));
        started.add(a);

        Throwable first = failure(a.request(C, CHANNEL, bytes("1"), LONG));
        long firstFailedAt = System.nanoTime();
        Throwable second = failure(a.request(C, CHANNEL, bytes("2"), LONG));
        long betweenNanos = System.nanoTime() - firstFailedAt;

        assertInstanceOf(PeerUnreachableException.class, first);
        assertTrue(first.getMessage().contains("cannot connect"), first.getMessage());
        assertInstanceOf(PeerUnreachableException.class, second);
        if (betweenNanos < Backoff.FIRST_DELAY_NANOS) { // a stalled test thread may outlast the first backoff
            assertTrue(second.getMessage().contains("next connection attempt in"), second.getMessage());
        }
    }

    @Test
    void aNodeWithoutAnAddressIsUnreachable() throws Exception {
        NettyTransport a = start(A);

        Throwable error = failure(a.request(NodeId.of("stranger"), CHANNEL, bytes("x"), LONG));

        assertInstanceOf(PeerUnreachableException.class, error);
        assertTrue(error.getMessage().contains("node stranger has no address"), error.getMessage());
    }

    @Test
    void aNodeNamedByItsHostAndPortIsDialedWithoutAnAddressMapEntry() throws Exception {
        String address = Fixtures.freeAddresses(1).get(0);
        NodeId named = NodeId.of(address);
        NettyTransport server = Fixtures.netty(named, Map.of(named, address, A, addresses.get(A)));
        started.add(server);
        server.register(CHANNEL, ECHO);
        NettyTransport a = start(A);

        assertEquals("hi", text(value(a.request(named, CHANNEL, bytes("hi"), LONG))));
        assertEquals(1, server.stats().requestsReceived());
    }

    @Test
    void aPeerNamedByItsHostAndPortIsAdmittedWithoutAnAddressMapEntryWhenItConnectsFromThatHost() throws Exception {
        String address = Fixtures.freeAddresses(1).get(0);
        NodeId named = NodeId.of(address);
        NettyTransport shardServer = Fixtures.netty(named, Map.of(named, address, B, addresses.get(B)));
        started.add(shardServer);
        NettyTransport b = start(B);
        AtomicReference<NodeId> seenFrom = new AtomicReference<>();
        b.register(CHANNEL, (from, payload) -> {
            seenFrom.set(from);
            return CompletableFuture.completedFuture(payload);
        });

        assertEquals("migrate", text(value(shardServer.request(B, CHANNEL, bytes("migrate"), LONG))));
        assertEquals(named, seenFrom.get());
    }

    @Test
    void aNodeNamedByAnAddressWhereADifferentNodeAnswersIsRefused() throws Exception {
        NettyTransport c = start(C);
        c.register(CHANNEL, ECHO);
        NettyTransport a = start(A);

        Throwable error = failure(a.request(NodeId.of(addresses.get(C)), CHANNEL, bytes("x"), LONG));

        assertInstanceOf(PeerUnreachableException.class, error);
        assertTrue(error.getMessage().contains("but node c answered"), error.getMessage());
        assertEquals(0, c.stats().requestsReceived(), "c handled a request meant for another node");
    }

    @Test
    void aDifferentNodeAnsweringAtAPeersAddressIsRefused() throws Exception {
        NettyTransport a = Fixtures.netty(A, Map.of(A, addresses.get(A), B, addresses.get(C)));
        started.add(a);
        NettyTransport c = start(C);
        c.register(CHANNEL, ECHO);

        Throwable error = failure(a.request(B, CHANNEL, bytes("x"), LONG));

        assertInstanceOf(PeerUnreachableException.class, error);
        assertTrue(error.getMessage().contains("expected node b at " + addresses.get(C) + " but node c answered"),
                error.getMessage());
        assertEquals(0, c.stats().requestsReceived(), "c handled a request meant for b");
    }

    @Test
    void aPortInUseIsATransportExceptionThatNamesTheAddress() {
        start(A);

        TransportException e = assertThrows(TransportException.class,
                () -> Fixtures.netty(A, addresses));

        assertTrue(e.getMessage().contains("cannot listen on " + addresses.get(A)), e.getMessage());
        assertTrue(e.getMessage().contains("already in use"), e.getMessage());
    }

    @Test
    void aBadAddressIsATransportExceptionNamingTheNode() {
        TransportException e = assertThrows(TransportException.class,
                () -> Fixtures.netty(A, Map.of(A, "127.0.0.1")));

        assertTrue(e.getMessage().contains("bad address '127.0.0.1' for node a"), e.getMessage());
    }

    @Test
    void usesEpollWhenItsNativeLibraryLoadsAndNioOtherwise() {
        NettyTransport a = start(A);

        assertEquals(Epoll.isAvailable() ? "epoll" : "nio", a.ioKind());
    }
}

package io.eraft.transport.netty;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.TransportConfig;
import io.eraft.transport.netty.proto.Envelope;
import io.eraft.transport.testkit.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.CHANNEL;
import static io.eraft.transport.netty.Fixtures.CLUSTER;
import static io.eraft.transport.netty.Fixtures.ECHO;
import static io.eraft.transport.netty.Fixtures.LONG;
import static io.eraft.transport.netty.Fixtures.OTHER_CLUSTER;
import static io.eraft.transport.netty.Fixtures.await;
import static io.eraft.transport.netty.Fixtures.bytes;
import static io.eraft.transport.netty.Fixtures.failure;
import static io.eraft.transport.netty.Fixtures.text;
import static io.eraft.transport.netty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only members of a cluster speak for it (without TLS): a node refuses peers of another cluster, nodes that are not
 * members, and hellos that name a member but come from another address; a connection can never take over the
 * traffic to a member; a client reaches only client channels, an admin also admin channels. Node b's channel
 * {@link Fixtures#CHANNEL} is a peer channel (Raft's kind) that records who reached it.
 */
class PeerIdentityTest {
    private static final NodeId N9 = NodeId.of("n9");
    private static final NodeId CLERK = NodeId.of("clerk");
    private static final String KV = "kv";
    private static final String ADMIN = "admin";
    /** Another loopback address: on Linux any 127.x.y.z is this machine, so a socket bound to it comes "from elsewhere". */
    private static final String ELSEWHERE = "127.0.0.2";

    private final Map<NodeId, String> addresses = Fixtures.addressesFor(A, B);
    private final List<NettyTransport> started = new ArrayList<>();
    private final List<NodeId> reachedB = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeTransports() {
        started.forEach(NettyTransport::close);
    }

    private NettyTransport start(TransportConfig config) {
        NettyTransport transport = Fixtures.start(config);
        started.add(transport);
        return transport;
    }

    /** Node b, a member of {@link Fixtures#CLUSTER} with a, serving a peer, a client and an admin channel. */
    private NettyTransport startB(Map<String, String> options) {
        NettyTransport b = start(TransportConfig.peer(B, addresses, options, CLUSTER));
        b.register(CHANNEL, (from, payload) -> {
            reachedB.add(from);
            return CompletableFuture.completedFuture(payload);
        });
        b.register(KV, Access.CLIENT, ECHO);
        b.register(ADMIN, Access.ADMIN, ECHO);
        return b;
    }

    @Test
    void aPeerOfAnotherClusterIsRefusedAndTheRefusalIsLoggedNamingItsAddressIdAndCluster() throws Exception {
        NettyTransport b = startB(Map.of());
        NettyTransport foreign = start(TransportConfig.peer(A, addresses, Map.of(), OTHER_CLUSTER));

        try (LogCapture log = new LogCapture()) {
            Throwable error = failure(foreign.request(B, CHANNEL, bytes("vote for me, term 2^63-1"), LONG));

            assertInstanceOf(AccessDeniedException.class, error);
            assertTrue(error.getMessage().contains("refused this node's hello: wrong cluster: this is cluster "
                    + CLUSTER + ", the hello named " + OTHER_CLUSTER), error.getMessage());
            assertTrue(reachedB.isEmpty(), "a handler of b saw the foreign node's request");
            assertEquals(0, b.stats().requestsReceived());
            await("b logged the refusal", () -> !log.linesWith("node b refused the hello of node a").isEmpty());
            String line = log.linesWith("node b refused the hello of node a").get(0);
            assertTrue(line.contains("(cluster " + OTHER_CLUSTER + ", role PEER)") && line.contains("127.0.0.1:")
                    && line.contains("wrong cluster"), line);
        }
    }

    @Test
    void aNodeThatIsNotAMemberIsRefusedAndItsRetriesAreRefusedToo() throws Exception {
        startB(Map.of());
        Map<NodeId, String> n9Knows = Map.of(N9, Fixtures.freeAddresses(1).get(0), B, addresses.get(B));
        NettyTransport n9 = start(TransportConfig.peer(N9, n9Knows, Map.of(), CLUSTER));

        Throwable error = failure(n9.request(B, CHANNEL, bytes("append entries"), LONG));
        Throwable retry = failure(n9.request(B, CHANNEL, bytes("append entries"), LONG));

        assertInstanceOf(AccessDeniedException.class, error);
        assertTrue(error.getMessage().contains("n9 is not a member of cluster " + CLUSTER), error.getMessage());
        assertInstanceOf(AccessDeniedException.class, retry, "a retry is refused as well, not unreachable");
        assertTrue(retry.getMessage().contains("n9 is not a member of cluster " + CLUSTER), retry.getMessage());
        assertTrue(reachedB.isEmpty());
    }

    @Test
    void aHelloNamingAMemberFromAnotherAddressIsRefusedAndTheStreamsToThatMemberGoOnUntouched() throws Exception {
        NettyTransport b = startB(Map.of());
        NettyTransport a = start(TransportConfig.peer(A, addresses, Map.of(), CLUSTER));
        AtomicInteger reachedA = new AtomicInteger();
        a.register(CHANNEL, (from, payload) -> {
            reachedA.incrementAndGet();
            return CompletableFuture.completedFuture(payload);
        });
        value(a.request(B, CHANNEL, bytes("entries 1"), LONG));
        value(b.request(A, CHANNEL, bytes("heartbeat 1"), LONG));
        int connectionsBefore = b.connectionCount();

        try (RawPeer impostor = new RawPeer(addresses.get(B), ELSEWHERE)) {
            impostor.send(RawPeer.frame(Wire.VERSION, RawPeer.hello("a", "b", CLUSTER, Access.PEER)));

            Envelope answer = impostor.read();
            assertTrue(answer.hasRefusal(), "b answered the impostor with " + answer);
            assertTrue(answer.getRefusal().getReason().contains("the hello names member a of cluster " + CLUSTER
                    + ", but the connection comes from 127.0.0.2 and a is at 127.0.0.1 [127.0.0.1]"),
                    answer.getRefusal().getReason());
            impostor.awaitClosedByNode();
        }

        await("b closed the impostor's connection", () -> b.connectionCount() == connectionsBefore);
        assertEquals("entries 2", text(value(a.request(B, CHANNEL, bytes("entries 2"), LONG))));
        assertEquals("heartbeat 2", text(value(b.request(A, CHANNEL, bytes("heartbeat 2"), LONG))));
        assertEquals(List.of(A, A), reachedB, "b's handler saw exactly a's two requests");
        assertEquals(2, reachedA.get(), "a got both of b's requests");
        assertEquals(connectionsBefore, b.connectionCount(), "no connection of a or to a was replaced");
    }

    @Test
    void aMemberConfiguredByHostNameIsCheckedAgainstTheAddressesThatNameResolvesTo() throws Exception {
        Map<NodeId, String> byName = Map.of(A, "localhost:" + Fixtures.port(addresses.get(A)), B, addresses.get(B));
        NettyTransport b = start(TransportConfig.peer(B, byName, Map.of(), CLUSTER));
        b.register(CHANNEL, (from, payload) -> {
            reachedB.add(from);
            return CompletableFuture.completedFuture(payload);
        });
        byte[] helloAndRequest = RawPeer.concat(
                RawPeer.frame(Wire.VERSION, RawPeer.hello("a", "b", CLUSTER, Access.PEER)),
                RawPeer.frame(Wire.VERSION, RawPeer.request(7, CHANNEL, "sent before the answer")));

        try (RawPeer fromA = new RawPeer(addresses.get(B));
             RawPeer fromElsewhere = new RawPeer(addresses.get(B), ELSEWHERE)) {
            fromA.send(helloAndRequest);
            fromElsewhere.send(helloAndRequest);

            assertEquals("b", fromA.read().getHello().getNodeId(), "b took the hello of a from a's host");
            assertEquals("sent before the answer", fromA.read().getResponse().getPayload().toStringUtf8(),
                    "the request that came with the hello, held while b looked up localhost, was not served");
            Envelope refused = fromElsewhere.read();
            assertTrue(refused.hasRefusal(), "b answered with " + refused);
            assertTrue(refused.getRefusal().getReason().contains("a is at localhost [127.0.0.1"),
                    refused.getRefusal().getReason());
        }
        assertEquals(List.of(A), reachedB, "b's handler saw the request from elsewhere");
        assertEquals(1, b.stats().requestsReceived());
    }

    @Test
    void aClientHelloThatNamesAMemberFromAnotherAddressIsRefusedToo() throws Exception {
        startB(Map.of());

        try (RawPeer impostor = new RawPeer(addresses.get(B), ELSEWHERE)) {
            impostor.send(RawPeer.frame(Wire.VERSION, RawPeer.hello("a", "b", ClusterId.UNKNOWN, Access.CLIENT)));

            Envelope answer = impostor.read();
            assertTrue(answer.hasRefusal(), "b answered with " + answer);
            assertTrue(answer.getRefusal().getReason().contains("the hello names member a"),
                    answer.getRefusal().getReason());
        }
    }

    @Test
    void withTheAddressCheckOffAHelloNamingAMemberIsBelievedButCannotTakeOverTheTrafficToThatMember()
            throws Exception {
        NettyTransport b = startB(Map.of(NettyTransportProvider.PEER_ADDRESS_CHECK, "false"));
        NettyTransport a = start(TransportConfig.peer(A, addresses, Map.of(), CLUSTER));
        List<String> reachedA = new CopyOnWriteArrayList<>();
        a.register(CHANNEL, (from, payload) -> {
            reachedA.add(text(payload));
            return CompletableFuture.completedFuture(payload);
        });
        value(b.request(A, CHANNEL, bytes("before"), LONG));

        try (RawPeer impostor = new RawPeer(addresses.get(B))) {
            impostor.send(RawPeer.frame(Wire.VERSION, RawPeer.hello("a", "b", CLUSTER, Access.PEER)));
            assertEquals("b", impostor.read().getHello().getNodeId(), "b took the hello (no address check)");

            for (int i = 0; i < 5; i++) {
                assertEquals("after " + i, text(value(b.request(A, CHANNEL, bytes("after " + i), LONG))));
            }

            assertEquals(List.of("before", "after 0", "after 1", "after 2", "after 3", "after 4"), reachedA);
            assertEquals(0, impostor.available(), "b sent something to the connection that named a");
        }
    }

    @Test
    void aDialerRefusesANodeThatAnswersForAnotherClusterAndSendsItNothing() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Map<NodeId, String> map = Map.of(A, Fixtures.freeAddresses(1).get(0),
                    B, "127.0.0.1:" + server.getLocalPort());
            NettyTransport a = start(TransportConfig.peer(A, map, Map.of(), CLUSTER));

            CompletableFuture<byte[]> request = a.request(B, CHANNEL, bytes("the whole store"), LONG);
            try (Socket accepted = server.accept()) {
                DataInputStream in = new DataInputStream(accepted.getInputStream());
                Envelope hello = RawPeer.readFrame(in);
                accepted.getOutputStream().write(RawPeer.frame(Wire.VERSION,
                        RawPeer.hello("b", "", OTHER_CLUSTER, Access.PEER)));

                Throwable error = failure(request);
                assertInstanceOf(AccessDeniedException.class, error);
                assertTrue(error.getMessage().contains("wrong cluster: this is cluster " + CLUSTER
                        + " (node a), node b answered for cluster " + OTHER_CLUSTER), error.getMessage());
                assertEquals(CLUSTER.value(), hello.getHello().getClusterId(), "a's hello names its cluster");
                assertEquals(-1, in.read(), "a sent its request to a node of another cluster");
            }
        }
    }

    @Test
    void aClientReachesClientChannelsButNeitherPeerNorAdminChannels() throws Exception {
        startB(Map.of());
        NettyTransport clerk = start(new TransportConfig(CLERK, Map.of(B, addresses.get(B)), Map.of()));

        assertEquals("get k", text(value(clerk.request(B, KV, bytes("get k"), LONG))));
        Throwable peer = failure(clerk.request(B, CHANNEL, bytes("install snapshot"), LONG));
        Throwable admin = failure(clerk.request(B, ADMIN, bytes("remove a"), LONG));

        assertInstanceOf(AccessDeniedException.class, peer);
        assertTrue(peer.getMessage().contains("takes PEER requests only, and node clerk connected as CLIENT"),
                peer.getMessage());
        assertInstanceOf(AccessDeniedException.class, admin);
        assertTrue(admin.getMessage().contains("takes ADMIN requests only"), admin.getMessage());
        assertTrue(reachedB.isEmpty());
    }

    @Test
    void anAdminReachesAdminAndClientChannelsButNotPeerChannels() throws Exception {
        startB(Map.of());
        NettyTransport ops = start(new TransportConfig(NodeId.of("ops"), Map.of(B, addresses.get(B)), Map.of(),
                CLUSTER, Access.ADMIN));

        assertEquals("move shard 3", text(value(ops.request(B, ADMIN, bytes("move shard 3"), LONG))));
        assertEquals("get k", text(value(ops.request(B, KV, bytes("get k"), LONG))));
        Throwable peer = failure(ops.request(B, CHANNEL, bytes("vote"), LONG));

        assertInstanceOf(AccessDeniedException.class, peer);
        assertTrue(reachedB.isEmpty());
    }

    @Test
    void aClientOfAnotherClusterIsRefusedButAClientThatNamesNoClusterIsServed() throws Exception {
        NettyTransport b = startB(Map.of());
        NettyTransport lost = start(new TransportConfig(CLERK, Map.of(B, addresses.get(B)), Map.of(),
                OTHER_CLUSTER, Access.CLIENT));
        NettyTransport any = start(new TransportConfig(NodeId.of("any"), Map.of(B, addresses.get(B)), Map.of()));

        Throwable error = failure(lost.request(B, KV, bytes("get k"), LONG));

        assertInstanceOf(AccessDeniedException.class, error);
        assertTrue(error.getMessage().contains("wrong cluster"), error.getMessage());
        assertEquals("get k", text(value(any.request(B, KV, bytes("get k"), LONG))));
        assertEquals(CLUSTER, b.clusterId());
        assertEquals(ClusterId.UNKNOWN, any.clusterId());
    }
}

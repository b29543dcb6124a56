package io.eraft.transport.netty;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.RequestHandler;
import io.eraft.api.transport.TransportConfig;
import io.eraft.transport.netty.proto.Envelope;
import io.eraft.transport.testkit.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.C;
import static io.eraft.transport.netty.Fixtures.CHANNEL;
import static io.eraft.transport.netty.Fixtures.CLUSTER;
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

/**
 * {@link NettyTransport#updateMembers}: after a membership change a new member (not in the config) is dialed at the
 * address the change gave and admitted as a peer once it proves it is there; a removed member's peer connections,
 * both ways, are closed and its hellos refused as "not a member of the group", while client connections go on; a
 * configured member keeps its configured address. Every node's {@link Fixtures#CHANNEL} is a peer channel (Raft's
 * kind) that records who reached it.
 */
class UpdateMembersTest {
    private static final NodeId D = NodeId.of("d");
    private static final NodeId CLERK = NodeId.of("clerk");
    private static final String KV = "kv";
    /** A peer channel whose handler answers only when the test says so. */
    private static final String HOLD = "hold";
    /** A client channel whose handler answers only when the test says so. */
    private static final String CLIENT_HOLD = "client-hold";

    private final List<NettyTransport> started = new ArrayList<>();
    private final Map<NodeId, List<NodeId>> reached = new HashMap<>();
    private final List<CompletableFuture<byte[]>> held = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeTransports() {
        held.forEach(h -> h.complete(bytes("released")));
        started.forEach(NettyTransport::close);
    }

    /** Server {@code self} of {@link Fixtures#CLUSTER} whose config names {@code addresses}, serving the test channels. */
    private NettyTransport server(NodeId self, Map<NodeId, String> addresses) {
        NettyTransport transport = Fixtures.start(TransportConfig.peer(self, addresses, Map.of(), CLUSTER));
        started.add(transport);
        List<NodeId> seen = new CopyOnWriteArrayList<>();
        reached.put(self, seen);
        transport.register(CHANNEL, (from, payload) -> {
            seen.add(from);
            return CompletableFuture.completedFuture(payload);
        });
        RequestHandler hold = (from, payload) -> {
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            held.add(reply);
            return reply;
        };
        transport.register(HOLD, hold);
        transport.register(KV, Access.CLIENT, ECHO);
        transport.register(CLIENT_HOLD, Access.CLIENT, hold);
        return transport;
    }

    private NettyTransport client(NodeId self, Map<NodeId, String> addresses) {
        NettyTransport transport = Fixtures.client(self, addresses);
        started.add(transport);
        return transport;
    }

    private static Map<NodeId, String> plus(Map<NodeId, String> addresses, NodeId node, String address) {
        Map<NodeId, String> all = new HashMap<>(addresses);
        all.put(node, address);
        return Map.copyOf(all);
    }

    /**
     * Waits until a request from {@code from} to {@code to} on {@link Fixtures#CHANNEL} succeeds: a node that was
     * refused a moment ago waits out its backoff before it dials again. Returns the reply.
     */
    private static String eventuallyReaches(NettyTransport from, NodeId to, String payload) throws Exception {
        String[] reply = new String[1];
        await(from.localNode() + " reaches " + to, () -> {
            try {
                reply[0] = text(from.request(to, CHANNEL, bytes(payload), LONG).join());
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
        return reply[0];
    }

    @Test
    void aNodeNotInTheConfigIsRefusedAsAPeerUntilUpdateMembersAddsItWithItsAddressThenRequestsGoBothWays()
            throws Exception {
        Map<NodeId, String> group = Fixtures.addressesFor(A, B);
        String dAddress = Fixtures.freeAddresses(1).get(0);
        NettyTransport a = server(A, group);
        NettyTransport b = server(B, group);
        NettyTransport d = server(D, plus(group, D, dAddress)); // the new member's config names the group

        Throwable refused = failure(d.request(B, CHANNEL, bytes("before the change"), LONG));
        Throwable noAddress = failure(a.request(D, CHANNEL, bytes("before the change"), LONG));

        assertInstanceOf(AccessDeniedException.class, refused);
        assertTrue(refused.getMessage().contains("d is not a member of cluster " + CLUSTER), refused.getMessage());
        assertInstanceOf(PeerUnreachableException.class, noAddress);
        assertTrue(noAddress.getMessage().contains("node d has no address"), noAddress.getMessage());
        assertTrue(reached.get(B).isEmpty() && reached.get(D).isEmpty());

        Set<NodeId> members = Set.of(A, B, D);
        a.updateMembers(members, Map.of(D, dAddress));
        b.updateMembers(members, Map.of(D, dAddress));

        assertEquals("append from d", eventuallyReaches(d, B, "append from d"));
        assertEquals("append from d", eventuallyReaches(d, A, "append from d"));
        assertEquals("append from a", text(value(a.request(D, CHANNEL, bytes("append from a"), LONG))));
        assertEquals("append from b", text(value(b.request(D, CHANNEL, bytes("append from b"), LONG))));
        assertEquals(List.of(D), reached.get(B), "b's peer channel saw d, as d");
        assertEquals(List.of(D), reached.get(A));
        assertTrue(reached.get(D).containsAll(List.of(A, B)) && reached.get(D).size() == 2, reached.get(D).toString());
    }

    @Test
    void aMemberGivenANewAddressByALaterChangeIsDialedThereAtOnce() throws Exception {
        Map<NodeId, String> group = Fixtures.addressesFor(A);
        List<String> free = Fixtures.freeAddresses(2);
        String nobodyThere = free.get(0);
        NettyTransport a = server(A, group);
        server(D, plus(group, D, free.get(1)));
        a.updateMembers(Set.of(A, D), Map.of(D, nobodyThere));
        Throwable unreachable = failure(a.request(D, CHANNEL, bytes("to the old address"), LONG));
        assertInstanceOf(PeerUnreachableException.class, unreachable);
        assertTrue(unreachable.getMessage().contains(nobodyThere), unreachable.getMessage());

        a.updateMembers(Set.of(A, D), Map.of(D, free.get(1)));

        assertEquals("to the new address", text(value(a.request(D, CHANNEL, bytes("to the new address"), LONG))),
                "the failed attempt's backoff belonged to the old address");
        assertEquals(List.of(A), reached.get(D));
    }

    @Test
    void aNodeAddedByUpdateMembersMustComeFromTheHostOfItsGivenAddress() throws Exception {
        Map<NodeId, String> group = Fixtures.addressesFor(A, B);
        NettyTransport b = server(B, group);
        b.updateMembers(Set.of(A, B, D), Map.of(D, "127.0.0.3:7000"));

        try (RawPeer fromLoopback = new RawPeer(group.get(B))) {
            fromLoopback.send(RawPeer.frame(Wire.VERSION, RawPeer.hello("d", "b", CLUSTER, Access.PEER)));
            Envelope answer = fromLoopback.read();

            assertTrue(answer.hasRefusal(), "b admitted a hello naming d from another host: " + answer);
            assertTrue(answer.getRefusal().getReason().contains("the connection comes from 127.0.0.1 and d is at "
                    + "127.0.0.3"), answer.getRefusal().getReason());
            fromLoopback.awaitClosedByNode();
        }
        try (RawPeer asClient = new RawPeer(group.get(B))) {
            asClient.send(RawPeer.frame(Wire.VERSION, RawPeer.hello("d", "b", ClusterId.UNKNOWN, Access.CLIENT)));

            assertTrue(asClient.read().hasRefusal(), "a client hello naming the new member must prove it too");
        }
        assertTrue(reached.get(B).isEmpty());
    }

    @Test
    void afterUpdateMembersDropsAMemberItsConnectionsCloseAndItsPeerHellosAreRefusedWhileAClientKeepsItsConnection()
            throws Exception {
        Map<NodeId, String> group = Fixtures.addressesFor(A, B, C);
        NettyTransport b = server(B, group);
        NettyTransport c = server(C, group);
        server(A, group);
        NettyTransport clerk = client(CLERK, Map.of(B, group.get(B)));
        assertEquals("from c", text(value(c.request(B, CHANNEL, bytes("from c"), LONG))));
        assertEquals("from b", text(value(b.request(C, CHANNEL, bytes("from b"), LONG))));
        CompletableFuture<byte[]> cWaitsOnB = c.request(B, HOLD, bytes("c waits"), LONG);
        CompletableFuture<byte[]> bWaitsOnC = b.request(C, HOLD, bytes("b waits"), LONG);
        CompletableFuture<byte[]> clerkWaitsOnB = clerk.request(B, CLIENT_HOLD, bytes("clerk waits"), LONG);
        await("the three requests are held", () -> held.size() == 3);
        assertEquals(3, b.connectionCount(), "c to b, b to c, clerk to b");

        try (LogCapture log = new LogCapture()) {
            b.updateMembers(Set.of(A, B), Map.of());

            Throwable cLost = failure(cWaitsOnB);
            Throwable bLost = failure(bWaitsOnC);
            assertInstanceOf(PeerUnreachableException.class, cLost, "c's connection to b was closed");
            assertInstanceOf(PeerUnreachableException.class, bLost, "b's connection to c was closed");
            assertTrue(bLost.getMessage().contains("node c is not a member of the group of node b any more"),
                    bLost.getMessage());
            await("b's connections with c are closed", () -> b.connectionCount() == 1);
            assertFalse(clerkWaitsOnB.isDone(), "the clerk's request on its connection to b is still waiting");

            Throwable refused = failure(c.request(B, CHANNEL, bytes("vote for c"), LONG));
            assertInstanceOf(AccessDeniedException.class, refused);
            assertTrue(refused.getMessage().contains("c is not a member of the group"), refused.getMessage());
            try (RawPeer asC = new RawPeer(group.get(B))) { // c's hello and a request right behind it
                asC.send(RawPeer.concat(RawPeer.frame(Wire.VERSION, RawPeer.hello("c", "b", CLUSTER, Access.PEER)),
                        RawPeer.frame(Wire.VERSION, RawPeer.request(1, CHANNEL, "append from c"))));
                Envelope answer = asC.read();
                assertTrue(answer.hasRefusal(), "b admitted removed c: " + answer);
                assertTrue(answer.getRefusal().getReason().contains("c is not a member of the group"),
                        answer.getRefusal().getReason());
                asC.awaitClosedByNode();
            }
            await("b logged the refusal", () -> log.linesWith("node b refused the hello of node c").stream()
                    .anyMatch(line -> line.contains("not a member of the group")));
        }
        assertEquals(List.of(C), reached.get(B), "b's peer channel saw only c's request from before the change");

        held.forEach(h -> h.complete(bytes("released")));
        assertEquals("released", text(value(clerkWaitsOnB)), "the clerk's connection outlived the change");
        assertEquals("get", text(value(clerk.request(B, KV, bytes("get"), LONG))));
        assertEquals(1, clerk.connectionCount(), "the clerk still uses the connection it opened before the change");
    }

    @Test
    void updateMembersKeepsTheConfiguredAddressOfAMemberLeftInTheSet() throws Exception {
        Map<NodeId, String> group = Fixtures.addressesFor(A, B, C);
        NettyTransport a = server(A, group);
        NettyTransport b = server(B, group);
        String dAddress = Fixtures.freeAddresses(1).get(0);

        // a configured member's address in the change is ignored: the config wins (a is not at port 1)
        b.updateMembers(Set.of(A, B, D), Map.of(A, "127.0.0.1:1", D, dAddress));
        a.updateMembers(Set.of(A, B, D), Map.of(D, dAddress));

        assertEquals("to a", text(value(b.request(A, CHANNEL, bytes("to a"), LONG))));
        assertEquals("to b", text(value(a.request(B, CHANNEL, bytes("to b"), LONG))));
        assertEquals(List.of(B), reached.get(A), "a admitted b, which b's hello proved from its configured host");
        assertEquals(List.of(A), reached.get(B));
    }
}

package io.eraft.transport.netty;

import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.LONG;
import static io.eraft.transport.netty.Fixtures.await;
import static io.eraft.transport.netty.Fixtures.bytes;
import static io.eraft.transport.netty.Fixtures.failure;
import static io.eraft.transport.netty.Fixtures.text;
import static io.eraft.transport.netty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client (a KV clerk) is a transport whose node id is not in the servers' address map: it dials a server, says
 * who it is, and gets its replies on that connection. Servers accept it and never send it requests. The servers'
 * KV channel takes clients ({@link Access#CLIENT}).
 */
class ClientProtocolTest {
    private static final NodeId CLERK = NodeId.of("clerk-1");
    private static final String KV = "kv/1";

    private final Map<NodeId, String> servers = Fixtures.addressesFor(A, B);
    private final NettyTransport a = Fixtures.netty(A, servers);
    private final NettyTransport b = Fixtures.netty(B, servers);
    private final NettyTransport clerk = Fixtures.client(CLERK, Map.of(A, servers.get(A), B, servers.get(B)));

    @AfterEach
    void closeAll() {
        clerk.close();
        a.close();
        b.close();
    }

    @Test
    void aClientGetsRepliesAndHandlersSeeItsNodeId() throws Exception {
        AtomicReference<NodeId> seenFrom = new AtomicReference<>();
        a.register(KV, Access.CLIENT, (from, payload) -> {
            seenFrom.set(from);
            return CompletableFuture.completedFuture(bytes("value-of-" + text(payload)));
        });

        assertEquals("value-of-k", text(value(clerk.request(A, KV, bytes("k"), LONG))));
        assertEquals(CLERK, seenFrom.get());
        assertEquals(1, a.connectionCount());
        assertEquals(1, clerk.connectionCount());
    }

    @Test
    void aServerNeverSendsRequestsToAClientNotEvenOverTheClientsOwnConnection() throws Exception {
        a.register(KV, Access.CLIENT, (from, payload) -> CompletableFuture.completedFuture(payload));
        clerk.register("watch", Access.CLIENT,
                (from, payload) -> CompletableFuture.completedFuture(bytes("clerk saw " + text(payload))));
        value(clerk.request(A, KV, bytes("hello"), LONG));

        Throwable error = failure(a.request(CLERK, "watch", bytes("event"), LONG));

        assertInstanceOf(PeerUnreachableException.class, error);
        assertTrue(error.getMessage().contains("node clerk-1 has no address"), error.getMessage());
        assertEquals(0, clerk.stats().requestsReceived(), "the clerk's handler was reached");
        assertEquals(1, a.connectionCount(), "a dialed nobody");
    }

    @Test
    void aClientTalksToSeveralServersAndServersForgetItsConnectionsWhenItLeaves() throws Exception {
        a.register(KV, Access.CLIENT, (from, payload) -> CompletableFuture.completedFuture(bytes("a")));
        b.register(KV, Access.CLIENT, (from, payload) -> CompletableFuture.completedFuture(bytes("b")));

        assertEquals("a", text(value(clerk.request(A, KV, bytes("x"), LONG))));
        assertEquals("b", text(value(clerk.request(B, KV, bytes("x"), LONG))));
        assertEquals(2, clerk.connectionCount());
        clerk.close();

        await("a and b noticed the clerk left", () -> a.connectionCount() == 0 && b.connectionCount() == 0);
    }

    @Test
    void aClientIsRefusedOnAPeerChannelButItsHandlerNeverSeesTheRequest() throws Exception {
        AtomicReference<NodeId> reached = new AtomicReference<>();
        a.register("raft", (from, payload) -> {
            reached.set(from);
            return CompletableFuture.completedFuture(payload);
        });

        Throwable error = failure(clerk.request(A, "raft", bytes("vote for me"), LONG));

        assertInstanceOf(AccessDeniedException.class, error);
        assertTrue(error.getMessage().contains("channel 'raft' of node a takes PEER requests only, and node clerk-1"
                + " connected as CLIENT"), error.getMessage());
        assertNull(reached.get(), "the peer channel's handler saw the client's request");
        assertEquals(0, a.stats().requestsReceived());
    }

    @Test
    void manyClientsAreServedAtOnce() throws Exception {
        a.register(KV, Access.CLIENT, (from, payload) -> CompletableFuture.completedFuture(bytes(from.value())));
        int clients = 5;
        NettyTransport[] clerks = new NettyTransport[clients];
        try {
            for (int i = 0; i < clients; i++) {
                clerks[i] = Fixtures.client(NodeId.of("clerk-x" + i), Map.of(A, servers.get(A)));
            }
            for (int i = 0; i < clients; i++) {
                assertEquals("clerk-x" + i, text(value(clerks[i].request(A, KV, bytes("who"), LONG))));
            }
            assertEquals(clients, a.connectionCount());
        } finally {
            for (NettyTransport c : clerks) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}

package io.eraft.transport.netty;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client (a KV clerk) is a transport whose node id is not in the servers' address map: it dials a server, says
 * who it is, and gets its replies on that connection. Servers accept it and never dial it.
 */
class ClientProtocolTest {
    private static final NodeId CLERK = NodeId.of("clerk-1");
    private static final String KV = "kv/1";

    private final Map<NodeId, String> servers = Fixtures.addressesFor(A, B);
    private final NettyTransport a = Fixtures.netty(A, servers);
    private final NettyTransport b = Fixtures.netty(B, servers);
    private final NettyTransport clerk = Fixtures.netty(CLERK, Map.of(A, servers.get(A), B, servers.get(B)));

    @AfterEach
    void closeAll() {
        clerk.close();
        a.close();
        b.close();
    }

    @Test
    void aClientGetsRepliesAndHandlersSeeItsNodeId() throws Exception {
        AtomicReference<NodeId> seenFrom = new AtomicReference<>();
        a.register(KV, (from, payload) -> {
            seenFrom.set(from);
            return CompletableFuture.completedFuture(bytes("value-of-" + text(payload)));
        });

        assertEquals("value-of-k", text(value(clerk.request(A, KV, bytes("k"), LONG))));
        assertEquals(CLERK, seenFrom.get());
        assertEquals(1, a.connectionCount());
        assertEquals(1, clerk.connectionCount());
    }

    @Test
    void aServerNeverDialsAClientButMayAnswerOverTheClientsConnection() throws Exception {
        a.register(KV, (from, payload) -> CompletableFuture.completedFuture(payload));
        clerk.register("watch",
                (from, payload) -> CompletableFuture.completedFuture(bytes("clerk saw " + text(payload))));

        Throwable before = failure(a.request(CLERK, "watch", bytes("x"), LONG));
        value(clerk.request(A, KV, bytes("hello"), LONG));

        assertInstanceOf(PeerUnreachableException.class, before);
        assertTrue(before.getMessage().contains("node clerk-1 has no address"), before.getMessage());
        assertEquals("clerk saw event", text(value(a.request(CLERK, "watch", bytes("event"), LONG))));
        assertEquals(1, a.connectionCount(), "a used the clerk's connection");
    }

    @Test
    void aClientTalksToSeveralServersAndServersForgetItWhenItLeaves() throws Exception {
        a.register(KV, (from, payload) -> CompletableFuture.completedFuture(bytes("a")));
        b.register(KV, (from, payload) -> CompletableFuture.completedFuture(bytes("b")));
        clerk.register("watch", (from, payload) -> CompletableFuture.completedFuture(payload));

        assertEquals("a", text(value(clerk.request(A, KV, bytes("x"), LONG))));
        assertEquals("b", text(value(clerk.request(B, KV, bytes("x"), LONG))));
        assertEquals(2, clerk.connectionCount());
        clerk.close();

        await("a noticed the clerk left", () -> a.connectionCount() == 0);
        Throwable after = failure(a.request(CLERK, "watch", bytes("x"), LONG));
        assertInstanceOf(PeerUnreachableException.class, after);
        assertTrue(after.getMessage().contains("has no address"), after.getMessage());
    }

    @Test
    void manyClientsAreServedAtOnce() throws Exception {
        a.register(KV, (from, payload) -> CompletableFuture.completedFuture(bytes(from.value())));
        int clients = 5;
        NettyTransport[] clerks = new NettyTransport[clients];
        try {
            for (int i = 0; i < clients; i++) {
                clerks[i] = Fixtures.netty(NodeId.of("clerk-x" + i), Map.of(A, servers.get(A)));
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

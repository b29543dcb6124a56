package io.eraft.transport.netty;

import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.TransportConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.CHANNEL;
import static io.eraft.transport.netty.Fixtures.CLUSTER;
import static io.eraft.transport.netty.Fixtures.ECHO;
import static io.eraft.transport.netty.Fixtures.await;
import static io.eraft.transport.netty.Fixtures.bytes;
import static io.eraft.transport.netty.Fixtures.failure;
import static io.eraft.transport.netty.Fixtures.text;
import static io.eraft.transport.netty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server's transport follows its group's membership ({@code updateMembers}): a node added with an address is
 * admitted as a peer and dialed there; a node removed is refused as a peer and its connections are closed, while
 * clients go on.
 */
class MembershipUpdateTest {
    private static final NodeId N4 = NodeId.of("n4");
    private static final NodeId CLERK = NodeId.of("clerk");
    private static final Duration SHORT = Duration.ofSeconds(5);

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

    private NettyTransport startB() {
        NettyTransport b = start(TransportConfig.peer(B, addresses, Map.of(), CLUSTER));
        b.register(CHANNEL, (from, payload) -> {
            reachedB.add(from);
            return CompletableFuture.completedFuture(payload);
        });
        b.register("kv", io.eraft.api.transport.Access.CLIENT, ECHO);
        return b;
    }

    @Test
    void aNodeAddedWithAnAddressIsAdmittedAsAPeerAndDialedAtThatAddress() throws Exception {
        NettyTransport b = startB();
        String n4Address = Fixtures.freeAddresses(1).get(0);
        NettyTransport n4 = start(TransportConfig.peer(N4, Map.of(N4, n4Address, B, addresses.get(B)), Map.of(),
                CLUSTER));
        n4.register(CHANNEL, ECHO);

        Throwable before = failure(n4.request(B, CHANNEL, bytes("append"), SHORT));
        assertInstanceOf(AccessDeniedException.class, before, "n4 is no member yet");
        assertTrue(reachedB.isEmpty());
        Throwable unknown = failure(b.request(N4, CHANNEL, bytes("append"), SHORT));
        assertTrue(unknown.getMessage().contains("has no address"), unknown.getMessage());

        b.updateMembers(Set.of(A, B, N4), Map.of(N4, n4Address));

        await("n4 reaches b once it is a member", () -> {
            try {
                return "hello".equals(text(n4.request(B, CHANNEL, bytes("hello"), SHORT)
                        .get(SHORT.toMillis(), TimeUnit.MILLISECONDS)));
            } catch (Exception refusedForAWhile) {
                return false;
            }
        });
        assertEquals(N4, reachedB.get(reachedB.size() - 1), "b's handler saw the request from n4");
        assertEquals("to n4", text(value(b.request(N4, CHANNEL, bytes("to n4"), SHORT))),
                "b dials n4 at the address the change named");
    }

    @Test
    void aRemovedMemberIsRefusedAndItsConnectionClosedWhileAClientGoesOn() throws Exception {
        NettyTransport b = startB();
        NettyTransport a = start(TransportConfig.peer(A, addresses, Map.of(), CLUSTER));
        NettyTransport clerk = start(new TransportConfig(CLERK, addresses, Map.of()));
        assertEquals("x", text(value(a.request(B, CHANNEL, bytes("x"), SHORT))));
        assertEquals("k", text(value(clerk.request(B, "kv", bytes("k"), SHORT))));
        int seen = reachedB.size();

        b.updateMembers(Set.of(B), Map.of());

        // a request in flight as b closes the connection fails as unreachable; the next hello is refused
        Throwable[] last = new Throwable[1];
        await("a's requests are refused as a non-member", () -> {
            try {
                last[0] = failure(a.request(B, CHANNEL, bytes("append after removal"), SHORT));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return last[0] instanceof AccessDeniedException;
        });
        Throwable refused = last[0];
        assertTrue(refused.getMessage().contains("a is not a member of cluster " + CLUSTER), refused.getMessage());
        assertEquals(seen, reachedB.size(), "b's peer handler saw nothing from the removed member");
        assertEquals("k2", text(value(clerk.request(B, "kv", bytes("k2"), SHORT))), "the client goes on");
    }

    @Test
    void aConfiguredMemberKeptInTheNewMembershipStaysReachableAtItsConfiguredAddress() throws Exception {
        NettyTransport b = startB();
        NettyTransport a = start(TransportConfig.peer(A, addresses, Map.of(), CLUSTER));
        a.register(CHANNEL, ECHO);

        b.updateMembers(Set.of(A, B, N4), Map.of(N4, Fixtures.freeAddresses(1).get(0), A, "127.0.0.9:1"));

        assertEquals("up", text(value(a.request(B, CHANNEL, bytes("up"), SHORT))));
        assertEquals("down", text(value(b.request(A, CHANNEL, bytes("down"), SHORT))),
                "b still dials a at its configured address, not one a change named");
    }
}

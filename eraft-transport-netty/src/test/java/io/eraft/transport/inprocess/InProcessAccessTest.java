package io.eraft.transport.inprocess;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.eraft.transport.inprocess.Fixtures.A;
import static io.eraft.transport.inprocess.Fixtures.B;
import static io.eraft.transport.inprocess.Fixtures.C;
import static io.eraft.transport.inprocess.Fixtures.CHANNEL;
import static io.eraft.transport.inprocess.Fixtures.CLUSTER;
import static io.eraft.transport.inprocess.Fixtures.ECHO;
import static io.eraft.transport.inprocess.Fixtures.LONG;
import static io.eraft.transport.inprocess.Fixtures.OTHER_CLUSTER;
import static io.eraft.transport.inprocess.Fixtures.bytes;
import static io.eraft.transport.inprocess.Fixtures.failure;
import static io.eraft.transport.inprocess.Fixtures.text;
import static io.eraft.transport.inprocess.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-process network enforces what a netty node does: peers of another cluster and non-members are refused,
 * a client reaches only client channels, an admin also admin channels; nodes joined with {@code join(node)} stay
 * trusted test nodes. Node b is a member of {@link Fixtures#CLUSTER} with a and c, and its {@link Fixtures#CHANNEL}
 * is a peer channel that records who reached it.
 */
class InProcessAccessTest {
    private static final NodeId N9 = NodeId.of("n9");
    private static final String KV = "kv";
    private static final String ADMIN = "admin";

    private final InProcessNetwork network = InProcessNetwork.create(5);
    private final List<NodeId> reachedB = new CopyOnWriteArrayList<>();
    private final Transport b = network.join(member(B));

    InProcessAccessTest() {
        b.register(CHANNEL, (from, payload) -> {
            reachedB.add(from);
            return CompletableFuture.completedFuture(payload);
        });
        b.register(KV, Access.CLIENT, ECHO);
        b.register(ADMIN, Access.ADMIN, ECHO);
    }

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    /** The config of a member of {@link Fixtures#CLUSTER} whose members are a, b and c (addresses are ignored). */
    private static TransportConfig member(NodeId self) {
        return TransportConfig.peer(self, Map.of(A, "", B, "", C, ""), Map.of(), CLUSTER);
    }

    @Test
    void membersOfTheClusterReachPeerChannelsAndTheHandlerSeesWhoSent() throws Exception {
        Transport a = network.join(member(A));

        assertEquals("entries", text(value(a.request(B, CHANNEL, bytes("entries"), LONG))));
        assertEquals(List.of(A), reachedB);
        assertEquals(CLUSTER, b.clusterId());
    }

    @Test
    void aPeerOfAnotherClusterIsRefusedBeforeAnyHandlerSeesIt() throws Exception {
        Transport foreign = network.join(A, OTHER_CLUSTER, Access.PEER);

        Throwable error = failure(foreign.request(B, CHANNEL, bytes("vote, term 2^63-1"), LONG));

        assertInstanceOf(AccessDeniedException.class, error);
        assertTrue(error.getMessage().contains("wrong cluster: this is cluster " + CLUSTER + ", the hello named "
                + OTHER_CLUSTER), error.getMessage());
        assertTrue(reachedB.isEmpty());
        assertEquals(0, b.stats().requestsReceived(), "a refused request counted as received");
        assertEquals(OTHER_CLUSTER, foreign.clusterId());
    }

    @Test
    void updateMembersAdmitsANewMemberAndRefusesARemovedOneWhoseClientRequestsStillWork() throws Exception {
        Transport a = network.join(member(A));
        Transport n9 = network.join(N9, CLUSTER, Access.PEER);
        assertInstanceOf(AccessDeniedException.class, failure(n9.request(B, CHANNEL, bytes("before"), LONG)));

        b.updateMembers(Set.of(B, C, N9), Map.of(N9, "ignored:1"));

        assertEquals("append", text(value(n9.request(B, CHANNEL, bytes("append"), LONG))));
        Throwable error = failure(a.request(B, CHANNEL, bytes("vote"), LONG));
        assertInstanceOf(AccessDeniedException.class, error);
        assertTrue(error.getMessage().contains("a is not a member of the group any more"), error.getMessage());
        assertEquals(List.of(N9), reachedB, "only the new member reached the peer channel");
        Transport clerk = network.join(NodeId.of("clerk"), ClusterId.UNKNOWN, Access.CLIENT);
        assertEquals("get", text(value(clerk.request(B, KV, bytes("get"), LONG))), "clients are not affected");
    }

    @Test
    void updateMembersChangesNothingForANodeThatChecksNoMembership() throws Exception {
        Transport open = network.join(NodeId.of("open"), CLUSTER, Access.PEER);
        open.register(CHANNEL, ECHO);
        open.updateMembers(Set.of(NodeId.of("open")), Map.of());

        Transport n9 = network.join(N9, CLUSTER, Access.PEER);
        assertEquals("entries", text(value(n9.request(NodeId.of("open"), CHANNEL, bytes("entries"), LONG))));
    }

    @Test
    void aPeerThatIsNotAMemberIsRefused() throws Exception {
        Transport n9 = network.join(N9, CLUSTER, Access.PEER);

        Throwable error = failure(n9.request(B, CHANNEL, bytes("install snapshot"), LONG));

        assertInstanceOf(AccessDeniedException.class, error);
        assertTrue(error.getMessage().contains("n9 is not a member of cluster " + CLUSTER), error.getMessage());
        assertTrue(reachedB.isEmpty());
    }

    @Test
    void aClientReachesClientChannelsButNeitherPeerNorAdminChannels() throws Exception {
        Transport clerk = network.join(NodeId.of("clerk"), ClusterId.UNKNOWN, Access.CLIENT);

        assertEquals("get k", text(value(clerk.request(B, KV, bytes("get k"), LONG))));
        Throwable peer = failure(clerk.request(B, CHANNEL, bytes("append entries"), LONG));
        Throwable admin = failure(clerk.request(B, ADMIN, bytes("remove a"), LONG));

        assertInstanceOf(AccessDeniedException.class, peer);
        assertTrue(peer.getMessage().contains("channel 'test' of node b takes PEER requests only, and node clerk"
                + " connected as CLIENT"), peer.getMessage());
        assertInstanceOf(AccessDeniedException.class, admin);
        assertTrue(reachedB.isEmpty());
        assertEquals(1, b.stats().requestsReceived(), "only the client's KV request counts as received");
    }

    @Test
    void anAdminReachesAdminChannelsButNotPeerChannels() throws Exception {
        Transport ops = network.join(NodeId.of("ops"), CLUSTER, Access.ADMIN);

        assertEquals("join d", text(value(ops.request(B, ADMIN, bytes("join d"), LONG))));
        assertInstanceOf(AccessDeniedException.class, failure(ops.request(B, CHANNEL, bytes("vote"), LONG)));
        assertTrue(reachedB.isEmpty());
    }

    @Test
    void theProviderJoinsNodesInTheirConfigsClusterAndRole() throws Exception {
        String name = "access-test-" + System.nanoTime();
        try (InProcessNetwork shared = InProcessNetwork.named(name)) {
            Transport server = new InProcessTransportProvider().create(TransportConfig.peer(B, Map.of(A, "", B, ""),
                    Map.of("network", name), CLUSTER));
            Transport clerk = new InProcessTransportProvider().create(new TransportConfig(NodeId.of("clerk"),
                    Map.of(), Map.of("network", name)));
            server.register(CHANNEL, ECHO);

            assertInstanceOf(AccessDeniedException.class, failure(clerk.request(B, CHANNEL, bytes("x"), LONG)));
            assertEquals(CLUSTER, server.clusterId());
            assertEquals(name, shared.name());
        }
    }

    @Test
    void trustedNodesJoinedWithoutAClusterAdmitPeersOfAnyClusterButTheirChannelsStillCheckRoles() throws Exception {
        Transport trusted = network.join(C);
        trusted.register(CHANNEL, ECHO);
        trusted.register(KV, Access.CLIENT, ECHO);
        Transport other = network.join(N9);
        Transport foreign = network.join(NodeId.of("x"), OTHER_CLUSTER, Access.PEER);
        Transport clerk = network.join(NodeId.of("clerk"), ClusterId.UNKNOWN, Access.CLIENT);

        assertEquals("trusted", text(value(other.request(C, CHANNEL, bytes("trusted"), LONG))));
        assertEquals("foreign", text(value(foreign.request(C, CHANNEL, bytes("foreign"), LONG))));
        assertEquals("client", text(value(clerk.request(C, KV, bytes("client"), LONG))));
        assertInstanceOf(AccessDeniedException.class, failure(clerk.request(C, CHANNEL, bytes("x"), LONG)));
        assertEquals(ClusterId.UNKNOWN, trusted.clusterId());
    }

    @Test
    void aTrustedNodeIsNoPeerOfARealCluster() throws Exception {
        Transport trusted = network.join(A);

        Throwable error = failure(trusted.request(B, CHANNEL, bytes("x"), LONG));

        assertInstanceOf(AccessDeniedException.class, error);
        assertTrue(error.getMessage().contains("the hello named none"), error.getMessage());
    }
}

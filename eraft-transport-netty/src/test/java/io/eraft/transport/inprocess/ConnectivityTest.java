package io.eraft.transport.inprocess;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.eraft.transport.inprocess.Fixtures.A;
import static io.eraft.transport.inprocess.Fixtures.B;
import static io.eraft.transport.inprocess.Fixtures.C;
import static io.eraft.transport.inprocess.Fixtures.CHANNEL;
import static io.eraft.transport.inprocess.Fixtures.ECHO;
import static io.eraft.transport.inprocess.Fixtures.LONG;
import static io.eraft.transport.inprocess.Fixtures.bytes;
import static io.eraft.transport.inprocess.Fixtures.failure;
import static io.eraft.transport.inprocess.Fixtures.text;
import static io.eraft.transport.inprocess.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectivityTest {
    private static final NodeId D = NodeId.of("d");

    private final InProcessNetwork network = InProcessNetwork.create(2);
    private final Map<NodeId, Transport> nodes = Map.of(A, network.join(A), B, network.join(B), C, network.join(C),
            D, network.join(D));

    @BeforeEach
    void registerEcho() {
        nodes.values().forEach(t -> t.register(CHANNEL, ECHO));
    }

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    @Test
    void disconnectedNodeCanNeitherSendNorReceiveUntilConnected() throws Exception {
        network.disconnect(B);

        Throwable toB = failure(nodes.get(A).request(B, CHANNEL, bytes("x"), LONG));
        Throwable fromB = failure(nodes.get(B).request(A, CHANNEL, bytes("x"), LONG));
        assertInstanceOf(PeerUnreachableException.class, toB);
        assertTrue(toB.getMessage().contains("node b is disconnected"), toB.getMessage());
        assertInstanceOf(PeerUnreachableException.class, fromB);
        assertFalse(network.isConnected(A, B));
        assertTrue(network.isConnected(A, C));
        assertEquals("x", text(value(nodes.get(A).request(C, CHANNEL, bytes("x"), LONG))));

        network.connect(B);

        assertTrue(network.isConnected(A, B));
        assertEquals("y", text(value(nodes.get(A).request(B, CHANNEL, bytes("y"), LONG))));
        assertEquals("z", text(value(nodes.get(B).request(A, CHANNEL, bytes("z"), LONG))));
    }

    @Test
    void replyOfANodeDisconnectedWhileHandlingFailsAsUnreachable() throws Exception {
        nodes.get(B).register("cuts-itself-off", (from, payload) -> {
            network.disconnect(B);
            return CompletableFuture.completedFuture(payload);
        });

        Throwable error = failure(nodes.get(A).request(B, "cuts-itself-off", bytes("x"), LONG));

        assertInstanceOf(PeerUnreachableException.class, error);
        assertTrue(error.getMessage().contains("node b is disconnected"), error.getMessage());
    }

    @Test
    void partitionLetsEachSideTalkInsideButNotAcrossUntilHealed() throws Exception {
        network.partition(List.of(List.of(A, B), List.of(C, D)));

        assertEquals("ab", text(value(nodes.get(A).request(B, CHANNEL, bytes("ab"), LONG))));
        assertEquals("cd", text(value(nodes.get(D).request(C, CHANNEL, bytes("cd"), LONG))));
        Throwable across = failure(nodes.get(A).request(C, CHANNEL, bytes("ac"), LONG));
        assertInstanceOf(PeerUnreachableException.class, across);
        assertTrue(across.getMessage().contains("different sides of a partition"), across.getMessage());
        assertInstanceOf(PeerUnreachableException.class, failure(nodes.get(D).request(B, CHANNEL, bytes("x"), LONG)));

        network.heal();

        assertEquals("ac", text(value(nodes.get(A).request(C, CHANNEL, bytes("ac"), LONG))));
        assertEquals("db", text(value(nodes.get(D).request(B, CHANNEL, bytes("db"), LONG))));
    }

    @Test
    void nodesNamedOnNoSideFormOneMoreSide() {
        network.partition(List.of(List.of(A)));

        assertFalse(network.isConnected(A, B));
        assertFalse(network.isConnected(C, A));
        assertTrue(network.isConnected(B, C));
        assertTrue(network.isConnected(C, D));
    }

    @Test
    void connectDoesNotUndoAPartitionButHealUndoesBoth() {
        network.partition(List.of(List.of(A, B), List.of(C, D)));
        network.disconnect(A);

        network.connect(A);

        assertTrue(network.isConnected(A, B));
        assertFalse(network.isConnected(A, C));

        network.disconnect(D);
        network.heal();

        assertTrue(network.isConnected(A, C));
        assertTrue(network.isConnected(D, B));
    }

    @Test
    void aNewPartitionReplacesTheOldOne() {
        network.partition(List.of(List.of(A, B), List.of(C, D)));

        network.partition(List.of(List.of(A, C), List.of(B, D)));

        assertTrue(network.isConnected(A, C));
        assertFalse(network.isConnected(A, B));
    }

    @Test
    void aNodeOnTwoSidesIsRejectedAndChangesNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> network.partition(List.of(List.of(A, B), List.of(B, C))));

        assertTrue(e.getMessage().contains("node b is on two sides"), e.getMessage());
        assertTrue(network.isConnected(A, C));
    }

    @Test
    void aDisconnectedNodeStillReachesItself() throws Exception {
        network.disconnect(A);

        assertTrue(network.isConnected(A, A));
        assertEquals("self", text(value(nodes.get(A).request(A, CHANNEL, bytes("self"), LONG))));
    }
}

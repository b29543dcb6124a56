package io.eraft.transport.netty;

import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.eraft.transport.netty.Fixtures.A;
import static io.eraft.transport.netty.Fixtures.B;
import static io.eraft.transport.netty.Fixtures.CHANNEL;
import static io.eraft.transport.netty.Fixtures.ECHO;
import static io.eraft.transport.netty.Fixtures.LONG;
import static io.eraft.transport.netty.Fixtures.await;
import static io.eraft.transport.netty.Fixtures.bytes;
import static io.eraft.transport.netty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a netty transport records through {@link Transport#recordTo}, labelled by the peer at the other end. */
class NettyMetricsTest {
    private static final String SENT = "eraft_transport_messages_sent_total";
    private static final String RECEIVED = "eraft_transport_messages_received_total";
    private static final String SENT_BYTES = "eraft_transport_sent_bytes_total";
    private static final String RECEIVED_BYTES = "eraft_transport_received_bytes_total";
    private static final String RTT = "eraft_transport_rtt_seconds";
    private static final String CONNECTED = "eraft_transport_peer_connected";
    private static final byte[] HELLO = bytes("hello"); // 5 bytes, echoed back

    private final Map<NodeId, String> addresses = Fixtures.addressesFor(A, B);
    private final List<Transport> started = new ArrayList<>();

    @AfterEach
    void closeTransports() {
        started.forEach(Transport::close);
    }

    private NettyTransport start(NodeId node, InMemoryMetrics metrics) {
        NettyTransport transport = Fixtures.netty(node, addresses);
        started.add(transport);
        transport.recordTo(metrics.withLabels("node", node.value())); // as the server labels what it hands over
        return transport;
    }

    @Test
    void aRequestAndItsReplyAreCountedOnBothSidesUnderTheOtherNodesLabel() throws Exception {
        InMemoryMetrics ma = new InMemoryMetrics();
        InMemoryMetrics mb = new InMemoryMetrics();
        NettyTransport a = start(A, ma);
        NettyTransport b = start(B, mb);
        b.register(CHANNEL, ECHO);
        String[] atA = {"node", "a", "peer", "b"};
        String[] atB = {"node", "b", "peer", "a"};
        assertEquals(0.0, ma.gaugeValue(CONNECTED, atA), "a configured peer shows before any connection");

        value(a.request(B, CHANNEL, HELLO, LONG));

        // b counted the request before handling it and the reply before sending it
        assertEquals(1, mb.counterValue(RECEIVED, atB), mb.names().toString());
        assertEquals(HELLO.length, mb.counterValue(RECEIVED_BYTES, atB));
        assertEquals(1, mb.counterValue(SENT, atB));
        assertEquals(HELLO.length, mb.counterValue(SENT_BYTES, atB));
        assertEquals(0, mb.histogramCount(RTT, atB), "b sent no request of its own");
        assertEquals(1.0, mb.gaugeValue(CONNECTED, atB));
        // a counted the reply and its round trip before completing the future
        assertEquals(1, ma.counterValue(RECEIVED, atA), ma.names().toString());
        assertEquals(HELLO.length, ma.counterValue(RECEIVED_BYTES, atA));
        assertEquals(1, ma.histogramCount(RTT, atA));
        assertTrue(ma.histogramSum(RTT, atA) > 0);
        assertEquals(1.0, ma.gaugeValue(CONNECTED, atA));
        // a counts its request once its connection took it, which may be a moment after the reply is in
        await("a counts its request to b", () -> ma.counterValue(SENT, atA) == 1);
        assertEquals(HELLO.length, ma.counterValue(SENT_BYTES, atA));
        assertFalse(ma.names().stream().anyMatch(n -> n.contains("peer=client")), ma.names().toString());
        assertFalse(mb.names().stream().anyMatch(n -> n.contains("peer=client")), mb.names().toString());
    }

    @Test
    void peerConnectedGoesFromOneToZeroWhenThePeerCloses() throws Exception {
        InMemoryMetrics ma = new InMemoryMetrics();
        NettyTransport a = start(A, ma);
        NettyTransport b = start(B, new InMemoryMetrics());
        b.register(CHANNEL, ECHO);
        String[] atA = {"node", "a", "peer", "b"};
        value(a.request(B, CHANNEL, HELLO, LONG));
        assertEquals(1.0, ma.gaugeValue(CONNECTED, atA));

        b.close();

        await("a sees b's connection close", () -> ma.gaugeValue(CONNECTED, atA) == 0.0);
    }

    @Test
    void connectionsBothWaysKeepThePeerConnectedUntilTheLastCloses() throws Exception {
        InMemoryMetrics ma = new InMemoryMetrics();
        NettyTransport a = start(A, ma);
        NettyTransport b = start(B, new InMemoryMetrics());
        a.register(CHANNEL, ECHO);
        String[] atA = {"node", "a", "peer", "b"};
        assertEquals(0.0, ma.gaugeValue(CONNECTED, atA));

        value(b.request(A, CHANNEL, HELLO, LONG)); // only b dialed: a's side is the accepted connection

        assertEquals(1.0, ma.gaugeValue(CONNECTED, atA), "an accepted peer connection counts too");
        assertEquals(1, ma.counterValue(RECEIVED, atA));
        assertEquals(1, ma.counterValue(SENT, atA));
        assertEquals(0, ma.histogramCount(RTT, atA), "a sent no request");
        b.close();
        await("a sees b's connection close", () -> ma.gaugeValue(CONNECTED, atA) == 0.0);
    }

    @Test
    void aClientIsCountedUnderTheClientLabelAndHasNoConnectedGauge() throws Exception {
        InMemoryMetrics mb = new InMemoryMetrics();
        NettyTransport b = start(B, mb);
        b.register(CHANNEL, Access.CLIENT, ECHO);
        InMemoryMetrics mc = new InMemoryMetrics();
        NettyTransport client = Fixtures.client(NodeId.of("clerk-7"), Map.of(B, addresses.get(B)));
        started.add(client);
        client.recordTo(mc);

        value(client.request(B, CHANNEL, HELLO, LONG));
        value(client.request(B, CHANNEL, HELLO, LONG));

        String[] fromClients = {"node", "b", "peer", "client"};
        assertEquals(2, mb.counterValue(RECEIVED, fromClients), mb.names().toString());
        assertEquals(2L * HELLO.length, mb.counterValue(RECEIVED_BYTES, fromClients));
        assertEquals(2, mb.counterValue(SENT, fromClients));
        assertEquals(2L * HELLO.length, mb.counterValue(SENT_BYTES, fromClients));
        assertTrue(Double.isNaN(mb.gaugeValue(CONNECTED, fromClients)), "clients are not peers");
        assertFalse(mb.names().stream().anyMatch(n -> n.contains("clerk-7")), "no series per client: " + mb.names());
        // the client's own view: the server it dialed is its peer
        assertEquals(2, mc.counterValue(RECEIVED, "peer", "b"), mc.names().toString());
        assertEquals(2, mc.histogramCount(RTT, "peer", "b"));
        assertEquals(1.0, mc.gaugeValue(CONNECTED, "peer", "b"));
    }

    @Test
    void metricsAttachedAfterAConnectionExistsStillRecordItsTraffic() throws Exception {
        NettyTransport a = Fixtures.netty(A, addresses);
        started.add(a);
        NettyTransport b = start(B, new InMemoryMetrics());
        b.register(CHANNEL, ECHO);
        value(a.request(B, CHANNEL, HELLO, LONG)); // the connection to b and its instruments exist now

        InMemoryMetrics late = new InMemoryMetrics();
        a.recordTo(late);
        value(a.request(B, CHANNEL, HELLO, LONG));

        assertEquals(1, late.counterValue(RECEIVED, "peer", "b"), late.names().toString());
        assertEquals(1, late.histogramCount(RTT, "peer", "b"));
        assertEquals(1.0, late.gaugeValue(CONNECTED, "peer", "b"));
    }
}

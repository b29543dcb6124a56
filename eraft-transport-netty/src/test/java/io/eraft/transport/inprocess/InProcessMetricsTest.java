package io.eraft.transport.inprocess;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.metrics.InMemoryMetrics;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static io.eraft.transport.inprocess.Fixtures.A;
import static io.eraft.transport.inprocess.Fixtures.B;
import static io.eraft.transport.inprocess.Fixtures.CHANNEL;
import static io.eraft.transport.inprocess.Fixtures.LONG;
import static io.eraft.transport.inprocess.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What an in-process transport records through {@link Transport#recordTo}: traffic per peer, no connections. */
class InProcessMetricsTest {
    private static final String SENT = "eraft_transport_messages_sent_total";
    private static final String RECEIVED = "eraft_transport_messages_received_total";
    private static final String SENT_BYTES = "eraft_transport_sent_bytes_total";
    private static final String RECEIVED_BYTES = "eraft_transport_received_bytes_total";
    private static final String RTT = "eraft_transport_rtt_seconds";

    private final InProcessNetwork network = InProcessNetwork.create(4);

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    @Test
    void requestsAndRepliesAreCountedOnBothSidesUnderTheOtherNodesLabel() throws Exception {
        Transport a = network.join(A);
        Transport b = network.join(B);
        b.register(CHANNEL, (from, payload) -> CompletableFuture.completedFuture(new byte[4]));
        InMemoryMetrics ma = new InMemoryMetrics();
        InMemoryMetrics mb = new InMemoryMetrics();
        a.recordTo(ma);
        b.recordTo(mb);

        for (int i = 0; i < 3; i++) {
            value(a.request(B, CHANNEL, new byte[10], LONG));
        }

        assertEquals(3, ma.counterValue(SENT, "peer", "b"), ma.names().toString());
        assertEquals(30, ma.counterValue(SENT_BYTES, "peer", "b"));
        assertEquals(3, ma.counterValue(RECEIVED, "peer", "b"));
        assertEquals(12, ma.counterValue(RECEIVED_BYTES, "peer", "b"));
        assertEquals(3, ma.histogramCount(RTT, "peer", "b"));
        assertEquals(3, mb.counterValue(RECEIVED, "peer", "a"), mb.names().toString());
        assertEquals(30, mb.counterValue(RECEIVED_BYTES, "peer", "a"));
        assertEquals(3, mb.counterValue(SENT, "peer", "a"));
        assertEquals(12, mb.counterValue(SENT_BYTES, "peer", "a"));
        assertEquals(0, mb.histogramCount(RTT, "peer", "a"), "b sent no request");
    }

    @Test
    void clientsShareTheClientLabel() throws Exception {
        Transport server = network.join(B);
        server.register(CHANNEL, Access.CLIENT, (from, payload) -> CompletableFuture.completedFuture(payload));
        InMemoryMetrics metrics = new InMemoryMetrics();
        server.recordTo(metrics);
        for (String name : new String[] {"clerk-1", "clerk-2"}) {
            Transport clerk = network.join(NodeId.of(name), ClusterId.UNKNOWN, Access.CLIENT);
            value(clerk.request(B, CHANNEL, new byte[7], LONG));
        }

        assertEquals(2, metrics.counterValue(RECEIVED, "peer", "client"), metrics.names().toString());
        assertEquals(14, metrics.counterValue(SENT_BYTES, "peer", "client"));
        assertFalse(metrics.names().stream().anyMatch(n -> n.contains("clerk")), metrics.names().toString());
    }
}

package io.eraft.transport.inprocess;

import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static io.eraft.transport.inprocess.Fixtures.A;
import static io.eraft.transport.inprocess.Fixtures.B;
import static io.eraft.transport.inprocess.Fixtures.C;
import static io.eraft.transport.inprocess.Fixtures.CHANNEL;
import static io.eraft.transport.inprocess.Fixtures.LONG;
import static io.eraft.transport.inprocess.Fixtures.failure;
import static io.eraft.transport.inprocess.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StatsTest {
    private final InProcessNetwork network = InProcessNetwork.create(4);
    private final Transport a = network.join(A);
    private final Transport b = network.join(B);

    StatsTest() {
        b.register(CHANNEL, (from, payload) -> CompletableFuture.completedFuture(new byte[4]));
    }

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    @Test
    void requestsAndPayloadBytesOfRequestsAndRepliesAreCountedOnBothSides() throws Exception {
        for (int i = 0; i < 3; i++) {
            value(a.request(B, CHANNEL, new byte[10], LONG));
        }

        assertEquals(new TransportStats(3, 30, 0, 12), a.stats());
        assertEquals(new TransportStats(0, 12, 3, 30), b.stats());
        assertEquals(a.stats(), network.stats(A));
        assertEquals(b.stats(), network.stats(B));
        assertEquals(3, network.totalRequests());
        assertEquals(42, network.totalBytes());
    }

    @Test
    void aRequestThatIsNeverDeliveredCountsAsSentOnly() throws Exception {
        failure(a.request(C, CHANNEL, new byte[7], LONG));

        assertEquals(new TransportStats(1, 7, 0, 0), network.stats(A));
        assertEquals(TransportStats.ZERO, network.stats(C));
    }

    @Test
    void networkCountersSurviveARestartAndResetZeroesThemButNotTheTransports() throws Exception {
        value(a.request(B, CHANNEL, new byte[10], LONG));
        network.crash(A);
        Transport restarted = network.join(A);
        value(restarted.request(B, CHANNEL, new byte[10], LONG));

        assertEquals(new TransportStats(2, 20, 0, 8), network.stats(A));
        assertEquals(new TransportStats(1, 10, 0, 4), restarted.stats());

        network.resetStats();

        assertEquals(TransportStats.ZERO, network.stats(A));
        assertEquals(0, network.totalRequests());
        assertEquals(0, network.totalBytes());
        assertEquals(new TransportStats(1, 10, 0, 4), restarted.stats());
    }
}

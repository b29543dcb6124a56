package io.eraft.transport.inprocess;

import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportStats;
import io.eraft.api.transport.UnknownChannelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.eraft.transport.inprocess.Fixtures.A;
import static io.eraft.transport.inprocess.Fixtures.B;
import static io.eraft.transport.inprocess.Fixtures.C;
import static io.eraft.transport.inprocess.Fixtures.CHANNEL;
import static io.eraft.transport.inprocess.Fixtures.ECHO;
import static io.eraft.transport.inprocess.Fixtures.LONG;
import static io.eraft.transport.inprocess.Fixtures.await;
import static io.eraft.transport.inprocess.Fixtures.bytes;
import static io.eraft.transport.inprocess.Fixtures.failure;
import static io.eraft.transport.inprocess.Fixtures.text;
import static io.eraft.transport.inprocess.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrashAndCloseTest {
    private final InProcessNetwork network = InProcessNetwork.create(3);
    private final Transport a = network.join(A);
    private final Transport b = network.join(B);

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    @Test
    void crashFailsTheCrashedNodesPendingRequests() throws Exception {
        b.register(CHANNEL, (from, payload) -> new CompletableFuture<>());
        CompletableFuture<byte[]> pending = a.request(B, CHANNEL, bytes("x"), LONG);
        await("b received the request", () -> b.stats().requestsReceived() == 1);

        network.crash(A);

        Throwable error = failure(pending);
        assertInstanceOf(TransportException.class, error);
        assertTrue(error.getMessage().contains("closed before the request from a to b"), error.getMessage());
    }

    @Test
    void requestsToACrashedNodeFailAsUnreachableAtOnce() throws Exception {
        b.register(CHANNEL, ECHO);

        network.crash(B);

        Throwable error = failure(a.request(B, CHANNEL, bytes("x"), LONG));
        assertInstanceOf(PeerUnreachableException.class, error);
        assertTrue(error.getMessage().contains("node b is not running"), error.getMessage());
    }

    @Test
    void requestsWaitingForACrashedNodesHandlerFailAsUnreachable() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        b.register(CHANNEL, (from, payload) -> {
            if (text(payload).equals("first")) {
                handling.countDown();
                awaitQuietly(release); // holds b's thread so that the next request waits in its queue
            }
            return CompletableFuture.completedFuture(payload);
        });
        CompletableFuture<byte[]> first = a.request(B, CHANNEL, bytes("first"), LONG);
        assertTrue(handling.await(Fixtures.WAIT_SECONDS, TimeUnit.SECONDS));
        CompletableFuture<byte[]> waiting = a.request(B, CHANNEL, bytes("second"), LONG);

        network.crash(B);
        release.countDown();

        Throwable error = failure(waiting);
        assertInstanceOf(PeerUnreachableException.class, error);
        assertTrue(error.getMessage().contains("crashed before handling"), error.getMessage());
        Throwable firstError = failure(first);
        assertInstanceOf(PeerUnreachableException.class, firstError);
        assertTrue(firstError.getMessage().contains("crashed before its reply was sent"), firstError.getMessage());
    }

    @Test
    void joinAfterCrashRestartsTheNodeWithNoHandlersAndItsStatsKept() throws Exception {
        b.register(CHANNEL, ECHO);
        value(a.request(B, CHANNEL, bytes("before"), LONG));
        network.crash(B);
        TransportStats beforeRestart = network.stats(B);

        Transport restarted = network.join(B);

        assertNotSame(b, restarted);
        assertEquals(TransportStats.ZERO, restarted.stats());
        assertInstanceOf(UnknownChannelException.class, failure(a.request(B, CHANNEL, bytes("x"), LONG)));
        restarted.register(CHANNEL, ECHO);
        assertEquals("after", text(value(a.request(B, CHANNEL, bytes("after"), LONG))));
        assertEquals(beforeRestart.requestsReceived() + 2, network.stats(B).requestsReceived());
    }

    @Test
    void closingATransportLetsTheNodeJoinAgainAndCrashingAnUnknownNodeDoesNothing() throws Exception {
        b.close();
        b.close();
        network.crash(C);

        Transport again = network.join(B);
        again.register(CHANNEL, ECHO);

        assertEquals("x", text(value(a.request(B, CHANNEL, bytes("x"), LONG))));
    }

    @Test
    void aClosedTransportFailsNewRequestsAndRefusesHandlers() throws Exception {
        a.close();

        Throwable error = failure(a.request(B, CHANNEL, bytes("x"), LONG));
        assertInstanceOf(TransportException.class, error);
        assertTrue(error.getMessage().contains("transport of node a is closed"), error.getMessage());
        assertThrows(IllegalStateException.class, () -> a.register(CHANNEL, ECHO));
    }

    @Test
    void closingTheNetworkFailsEverythingPendingAndStopsItsThreads() throws Exception {
        b.register(CHANNEL, (from, payload) -> new CompletableFuture<>());
        a.register(CHANNEL, (from, payload) -> new CompletableFuture<>());
        CompletableFuture<byte[]> fromA = a.request(B, CHANNEL, bytes("x"), LONG);
        CompletableFuture<byte[]> fromB = b.request(A, CHANNEL, bytes("y"), LONG);
        await("both requests were delivered", () -> a.stats().requestsReceived() == 1
                && b.stats().requestsReceived() == 1);

        network.close();

        assertInstanceOf(TransportException.class, failure(fromA));
        assertInstanceOf(TransportException.class, failure(fromB));
        String prefix = "eraft-inprocess-" + network.name() + "-";
        await("the threads of " + network.name() + " ended", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith(prefix)));
        assertThrows(IllegalStateException.class, () -> network.join(C));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(Fixtures.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

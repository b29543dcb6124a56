package io.eraft.transport.inprocess;

import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.eraft.transport.inprocess.Fixtures.A;
import static io.eraft.transport.inprocess.Fixtures.B;
import static io.eraft.transport.inprocess.Fixtures.CHANNEL;
import static io.eraft.transport.inprocess.Fixtures.LONG;
import static io.eraft.transport.inprocess.Fixtures.bytes;
import static io.eraft.transport.inprocess.Fixtures.failure;
import static io.eraft.transport.inprocess.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the in-process provider adds to the shared transport contract on a reliable network (the contract itself runs
 * on this provider in {@code InProcessTransportContractTest}): payloads by reference, its threading, its queue limit
 * and its node registry.
 */
class ReliablePathTest {
    private final InProcessNetwork network = InProcessNetwork.create(1);
    private final Transport a = network.join(A);
    private final Transport b = network.join(B);

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    @Test
    void payloadIsPassedByReference() throws Exception {
        AtomicReference<byte[]> seen = new AtomicReference<>();
        b.register(CHANNEL, (from, payload) -> {
            seen.set(payload);
            return CompletableFuture.completedFuture(payload);
        });
        byte[] payload = bytes("shared");

        byte[] reply = value(a.request(B, CHANNEL, payload, LONG));

        assertSame(payload, seen.get());
        assertSame(payload, reply);
    }

    @Test
    void handlersRunOnTheTargetsThreadAndRepliesCompleteOnTheSendersThread() throws Exception {
        List<String> handlerThreads = Collections.synchronizedList(new ArrayList<>());
        b.register(CHANNEL, (from, payload) -> {
            handlerThreads.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(payload);
        });
        b.register("other", (from, payload) -> {
            handlerThreads.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(payload);
        });
        CompletableFuture<byte[]> held = new CompletableFuture<>();
        b.register("held", (from, payload) -> held);

        value(a.request(B, CHANNEL, bytes("1"), LONG));
        value(a.request(B, "other", bytes("2"), LONG));
        CompletableFuture<String> replyThread = a.request(B, "held", bytes("3"), LONG)
                .thenApply(reply -> Thread.currentThread().getName());
        held.complete(bytes("done"));

        assertEquals(2, handlerThreads.size());
        assertEquals(handlerThreads.get(0), handlerThreads.get(1));
        assertTrue(handlerThreads.get(0).endsWith("-" + B), handlerThreads.get(0));
        String senderThread = value(replyThread);
        assertTrue(senderThread.endsWith("-" + A), senderThread);
        assertNotEquals(Thread.currentThread().getName(), senderThread);
    }

    @Test
    void aNodeWithAFullQueueRefusesFurtherRequestsAsUnreachable() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch handling = new CountDownLatch(1);
        b.register(CHANNEL, (from, payload) -> {
            if (handling.getCount() > 0) {
                handling.countDown();
                awaitQuietly(release); // holds b's thread so that later requests wait in its queue
            }
            return CompletableFuture.completedFuture(payload);
        });
        List<CompletableFuture<byte[]>> accepted = new ArrayList<>();
        accepted.add(a.request(B, CHANNEL, bytes("first"), LONG));
        assertTrue(handling.await(Fixtures.WAIT_SECONDS, TimeUnit.SECONDS));
        for (int i = 0; i < InProcessTransport.MAX_WAITING_REQUESTS; i++) {
            accepted.add(a.request(B, CHANNEL, new byte[0], LONG));
        }

        Throwable refused = failure(a.request(B, CHANNEL, bytes("one too many"), LONG));
        release.countDown();

        assertInstanceOf(PeerUnreachableException.class, refused);
        assertTrue(refused.getMessage().contains("delivery queue of node b is full"), refused.getMessage());
        value(CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)));
    }

    @Test
    void joiningANodeThatHasALiveTransportFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> network.join(A));
        assertTrue(e.getMessage().contains("node a already has a live transport"), e.getMessage());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(Fixtures.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

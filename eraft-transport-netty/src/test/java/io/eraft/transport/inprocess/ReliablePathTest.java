package io.eraft.transport.inprocess;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.RemoteException;
import io.eraft.api.transport.RequestTimeoutException;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.UnknownChannelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static io.eraft.transport.inprocess.Fixtures.A;
import static io.eraft.transport.inprocess.Fixtures.B;
import static io.eraft.transport.inprocess.Fixtures.CHANNEL;
import static io.eraft.transport.inprocess.Fixtures.ECHO;
import static io.eraft.transport.inprocess.Fixtures.LONG;
import static io.eraft.transport.inprocess.Fixtures.bytes;
import static io.eraft.transport.inprocess.Fixtures.failure;
import static io.eraft.transport.inprocess.Fixtures.text;
import static io.eraft.transport.inprocess.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReliablePathTest {
    private final InProcessNetwork network = InProcessNetwork.create(1);
    private final Transport a = network.join(A);
    private final Transport b = network.join(B);

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    @Test
    void requestCompletesWithTheHandlersReplyAndTheHandlerSeesSenderAndPayload() throws Exception {
        AtomicReference<NodeId> seenFrom = new AtomicReference<>();
        b.register(CHANNEL, (from, payload) -> {
            seenFrom.set(from);
            return CompletableFuture.completedFuture(bytes("hello " + text(payload)));
        });

        assertEquals("hello world", text(value(a.request(B, CHANNEL, bytes("world"), LONG))));
        assertEquals(A, seenFrom.get());
        assertEquals(A, a.localNode());
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
    void requestOnAChannelWithoutHandlerFailsWithUnknownChannel() throws Exception {
        Throwable error = failure(a.request(B, "nobody-here", bytes("x"), LONG));

        assertInstanceOf(UnknownChannelException.class, error);
        assertTrue(error.getMessage().contains("nobody-here"), error.getMessage());
    }

    @Test
    void unregisteredChannelFailsWithUnknownChannel() throws Exception {
        b.register(CHANNEL, ECHO);
        value(a.request(B, CHANNEL, bytes("x"), LONG));

        b.unregister(CHANNEL);

        assertInstanceOf(UnknownChannelException.class, failure(a.request(B, CHANNEL, bytes("x"), LONG)));
    }

    @Test
    void handlerWhoseFutureFailsGivesRemoteExceptionWithItsMessage() throws Exception {
        b.register(CHANNEL, (from, payload) -> CompletableFuture.failedFuture(new IllegalStateException("no leader")));

        Throwable error = failure(a.request(B, CHANNEL, bytes("x"), LONG));

        assertInstanceOf(RemoteException.class, error);
        assertEquals("no leader", error.getMessage());
    }

    @Test
    void handlerThatThrowsGivesRemoteExceptionAndTheNodeKeepsServing() throws Exception {
        b.register(CHANNEL, (from, payload) -> {
            if (text(payload).equals("bad")) {
                throw new IllegalArgumentException("cannot parse bad");
            }
            return CompletableFuture.completedFuture(payload);
        });

        Throwable error = failure(a.request(B, CHANNEL, bytes("bad"), LONG));

        assertInstanceOf(RemoteException.class, error);
        assertEquals("cannot parse bad", error.getMessage());
        assertEquals("good", text(value(a.request(B, CHANNEL, bytes("good"), LONG))));
    }

    @Test
    void noReplyWithinTheTimeoutFailsWithRequestTimeoutAndALateReplyIsIgnored() throws Exception {
        CompletableFuture<byte[]> held = new CompletableFuture<>();
        b.register(CHANNEL, (from, payload) -> held);

        CompletableFuture<byte[]> request = a.request(B, CHANNEL, bytes("x"), Duration.ofMillis(50));
        Throwable error = failure(request);
        held.complete(bytes("too late"));

        assertInstanceOf(RequestTimeoutException.class, error);
        assertTrue(error.getMessage().contains("50 ms"), error.getMessage());
        assertInstanceOf(RequestTimeoutException.class, failure(request));
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
    void requestsFromOneSenderArriveAndAreAnsweredInSendOrder() throws Exception {
        List<Integer> arrivals = Collections.synchronizedList(new ArrayList<>());
        b.register(CHANNEL, (from, payload) -> {
            arrivals.add(Integer.parseInt(text(payload)));
            return CompletableFuture.completedFuture(payload);
        });
        List<Integer> replies = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<byte[]>> requests = new ArrayList<>();

        for (int i = 0; i < 500; i++) {
            requests.add(a.request(B, CHANNEL, bytes(Integer.toString(i)), LONG)
                    .whenComplete((reply, error) -> replies.add(Integer.parseInt(text(reply)))));
        }
        value(CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)));

        List<Integer> sent = IntStream.range(0, 500).boxed().toList();
        assertEquals(sent, arrivals);
        assertEquals(sent, replies);
    }

    @Test
    void manyThreadsRequestAtOnceAndEveryRequestGetsItsOwnReply() throws Exception {
        b.register(CHANNEL, ECHO);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(callers.submit(() -> {
                    List<CompletableFuture<byte[]>> mine = new ArrayList<>();
                    for (int i = 0; i < 250; i++) {
                        mine.add(a.request(B, CHANNEL, bytes(thread + ":" + i), LONG));
                    }
                    for (int i = 0; i < 250; i++) {
                        if (!text(value(mine.get(i))).equals(thread + ":" + i)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(Fixtures.WAIT_SECONDS, TimeUnit.SECONDS), "some reply did not match its request");
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(2000, a.stats().requestsSent());
        assertEquals(2000, b.stats().requestsReceived());
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
    void aNodeCanSendToItself() throws Exception {
        a.register(CHANNEL, ECHO);

        assertEquals("me", text(value(a.request(A, CHANNEL, bytes("me"), LONG))));
    }

    @Test
    void registeringAChannelTwiceFails() {
        b.register(CHANNEL, ECHO);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.register(CHANNEL, ECHO));
        assertTrue(e.getMessage().contains(CHANNEL), e.getMessage());
    }

    @Test
    void joiningANodeThatHasALiveTransportFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> network.join(A));
        assertTrue(e.getMessage().contains("node a already has a live transport"), e.getMessage());
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> a.request(B, CHANNEL, bytes("x"), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> a.request(B, CHANNEL, bytes("x"), Duration.ofMillis(-1)));
        assertEquals(0, a.stats().requestsSent(), "a rejected request is not counted");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(Fixtures.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.eraft.api.tck;

import io.eraft.api.testkit.Poll;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.RemoteException;
import io.eraft.api.transport.RequestHandler;
import io.eraft.api.transport.RequestTimeoutException;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportStats;
import io.eraft.api.transport.UnknownChannelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every {@link Transport} provider promises on a reliable network, as the API's javadoc states it: a request
 * is delivered and answered with the handler's reply, refusals are specific exceptions (an unknown channel, a
 * handler's failure, a timeout, a node that is not running: {@link PeerUnreachableException}), order per sender,
 * counting, and closing. The provider's subclass says how to start nodes {@link #A}, {@link #B} (and {@link #C},
 * which the tests never start, so a request to it must fail as unreachable) that can reach each other.
 *
 * <p>How a transport provider runs it: depend on the kit (eRaft's version) with JUnit Jupiter and Awaitility,
 * <pre>{@code
 * <dependency>
 *   <groupId>io.eraft</groupId>
 *   <artifactId>eraft-api</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * <dependency>
 *   <groupId>org.awaitility</groupId>
 *   <artifactId>awaitility</artifactId>
 *   <version>4.3.0</version>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 * and extend this class once in the provider's tests:
 * <pre>{@code
 * class MyTransportContractTest extends TransportContract {
 *     private final Map<NodeId, String> addresses = ...; // host:port of A, B and C (C never listens)
 *
 *     @Override
 *     protected Transport create(NodeId node) {
 *         return new MyTransportProvider().create(TransportConfig.peer(node, addresses, Map.of(), cluster));
 *     }
 * }
 * }</pre>
 * Every transport a test created is closed after it; override {@link #cleanUp()} to release more.
 */
public abstract class TransportContract {
    /** The nodes of the tests; {@link #C} is never started. */
    public static final NodeId A = NodeId.of("a");
    public static final NodeId B = NodeId.of("b");
    public static final NodeId C = NodeId.of("c");
    protected static final String CHANNEL = "test";
    /** A timeout no test reaches, for requests that must end some other way (well past {@link #WAIT_SECONDS}). */
    protected static final Duration LONG = Duration.ofMinutes(2);
    /**
     * How long a test waits for something that should happen at once. Only a failing test waits this long, so it
     * is generous: on a loaded 2-core machine a cold TLS handshake alone has taken over 2 s.
     */
    protected static final long WAIT_SECONDS = 30;
    /** Replies with the request's bytes. */
    protected static final RequestHandler ECHO = (from, payload) -> CompletableFuture.completedFuture(payload);

    private final List<Transport> started = new ArrayList<>();

    /** Starts {@code node} so that it can reach the other nodes of this test ({@link #A}, {@link #B}, {@link #C}). */
    protected abstract Transport create(NodeId node);

    /** Releases what the subclass set up for this test, after every transport is closed. */
    protected void cleanUp() {
    }

    private Transport start(NodeId node) {
        Transport transport = create(node);
        started.add(transport);
        return transport;
    }

    @AfterEach
    void closeTransports() {
        started.forEach(Transport::close);
        cleanUp();
    }

    @Test
    void requestCompletesWithTheHandlersReplyAndTheHandlerSeesSenderAndPayload() throws Exception {
        Transport a = start(A);
        Transport b = start(B);
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
    void requestOnAChannelWithoutHandlerFailsWithUnknownChannelNamingIt() throws Exception {
        Transport a = start(A);
        start(B);

        Throwable error = failure(a.request(B, "nobody-here", bytes("x"), LONG));

        assertInstanceOf(UnknownChannelException.class, error);
        assertTrue(error.getMessage().contains("nobody-here"), error.getMessage());
    }

    @Test
    void unregisteredChannelFailsWithUnknownChannel() throws Exception {
        Transport a = start(A);
        Transport b = start(B);
        b.register(CHANNEL, ECHO);
        value(a.request(B, CHANNEL, bytes("x"), LONG));

        b.unregister(CHANNEL);

        assertInstanceOf(UnknownChannelException.class, failure(a.request(B, CHANNEL, bytes("x"), LONG)));
    }

    @Test
    void handlerWhoseFutureFailsGivesRemoteExceptionWithItsMessage() throws Exception {
        Transport a = start(A);
        Transport b = start(B);
        b.register(CHANNEL, (from, payload) -> CompletableFuture.failedFuture(new IllegalStateException("no leader")));

        Throwable error = failure(a.request(B, CHANNEL, bytes("x"), LONG));

        assertInstanceOf(RemoteException.class, error);
        assertEquals("no leader", error.getMessage());
    }

    @Test
    void handlerThatThrowsGivesRemoteExceptionAndTheNodeKeepsServing() throws Exception {
        Transport a = start(A);
        Transport b = start(B);
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
        Transport a = start(A);
        Transport b = start(B);
        CompletableFuture<byte[]> held = new CompletableFuture<>();
        b.register(CHANNEL, (from, payload) -> held);

        CompletableFuture<byte[]> request = a.request(B, CHANNEL, bytes("x"), Duration.ofMillis(50));
        Throwable error = failure(request);
        held.complete(bytes("too late"));

        assertInstanceOf(RequestTimeoutException.class, error);
        assertTrue(error.getMessage().contains("50 ms"), error.getMessage());
        await("b sent its late reply", () -> b.stats().bytesSent() == "too late".length());
        assertInstanceOf(RequestTimeoutException.class, failure(request));
        b.register("after", ECHO);
        assertEquals("still fine", text(value(a.request(B, "after", bytes("still fine"), LONG))));
    }

    @Test
    void requestsFromOneSenderArriveAndAreAnsweredInSendOrder() throws Exception {
        Transport a = start(A);
        Transport b = start(B);
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
        Transport a = start(A);
        Transport b = start(B);
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
                assertTrue(result.get(WAIT_SECONDS * 2, TimeUnit.SECONDS),
                        "some reply did not match its request");
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(2000, a.stats().requestsSent());
        assertEquals(2000, b.stats().requestsReceived());
    }

    @Test
    void requestsAndPayloadBytesOfRequestsAndRepliesAreCountedOnBothSides() throws Exception {
        Transport a = start(A);
        Transport b = start(B);
        b.register(CHANNEL, (from, payload) -> CompletableFuture.completedFuture(new byte[4]));

        for (int i = 0; i < 3; i++) {
            value(a.request(B, CHANNEL, new byte[10], LONG));
        }

        assertEquals(new TransportStats(3, 30, 0, 12), a.stats());
        assertEquals(new TransportStats(0, 12, 3, 30), b.stats());
    }

    @Test
    void requestToANodeThatIsNotRunningFailsAsUnreachable() throws Exception {
        Transport a = start(A);

        Throwable error = failure(a.request(C, CHANNEL, bytes("x"), LONG));

        assertInstanceOf(PeerUnreachableException.class, error);
        assertTrue(error.getMessage().contains("to c"), error.getMessage());
    }

    @Test
    void aNodeCanSendToItself() throws Exception {
        Transport a = start(A);
        a.register(CHANNEL, ECHO);

        assertEquals("me", text(value(a.request(A, CHANNEL, bytes("me"), LONG))));
        assertEquals(new TransportStats(1, 4, 1, 4), a.stats());
    }

    @Test
    void closingATransportFailsItsPendingRequestsAndLaterOnes() throws Exception {
        Transport a = start(A);
        Transport b = start(B);
        b.register(CHANNEL, (from, payload) -> new CompletableFuture<>());
        CompletableFuture<byte[]> pending = a.request(B, CHANNEL, bytes("x"), LONG);
        await("b received the request", () -> b.stats().requestsReceived() == 1);

        a.close();

        Throwable error = failure(pending);
        assertInstanceOf(TransportException.class, error);
        assertTrue(error.getMessage().contains("closed before the request from a to b"), error.getMessage());
        assertInstanceOf(TransportException.class, failure(a.request(B, CHANNEL, bytes("y"), LONG)));
    }

    @Test
    void registeringAChannelTwiceFails() {
        Transport b = start(B);
        b.register(CHANNEL, ECHO);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.register(CHANNEL, ECHO));
        assertTrue(e.getMessage().contains(CHANNEL), e.getMessage());
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRejected() {
        Transport a = start(A);

        assertThrows(IllegalArgumentException.class, () -> a.request(B, CHANNEL, bytes("x"), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> a.request(B, CHANNEL, bytes("x"), Duration.ofMillis(-1)));
        assertEquals(0, a.stats().requestsSent(), "a rejected request is not counted");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The value of {@code future}, which must complete normally within {@link #WAIT_SECONDS}. */
    private static <T> T value(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The cause that failed {@code future}, which must fail within {@link #WAIT_SECONDS}. */
    private static Throwable failure(CompletableFuture<?> future) throws InterruptedException {
        try {
            Object v = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return fail("expected a failure, got the value " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return fail("the future did not fail within " + WAIT_SECONDS + " s");
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Poll.await(what, Duration.ofSeconds(WAIT_SECONDS), condition);
    }
}

package io.eraft.transport.inprocess;

import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.RequestTimeoutException;
import io.eraft.api.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.eraft.transport.inprocess.Fixtures.A;
import static io.eraft.transport.inprocess.Fixtures.B;
import static io.eraft.transport.inprocess.Fixtures.C;
import static io.eraft.transport.inprocess.Fixtures.CHANNEL;
import static io.eraft.transport.inprocess.Fixtures.LONG;
import static io.eraft.transport.inprocess.Fixtures.await;
import static io.eraft.transport.inprocess.Fixtures.bytes;
import static io.eraft.transport.inprocess.Fixtures.failure;
import static io.eraft.transport.inprocess.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnreliableNetworkTest {
    private final InProcessNetwork network = InProcessNetwork.create(42);
    private final Transport a = network.join(A);
    private final Transport b = network.join(B);
    private final List<Integer> arrivals = Collections.synchronizedList(new ArrayList<>());

    UnreliableNetworkTest() {
        b.register(CHANNEL, (from, payload) -> {
            arrivals.add(Integer.parseInt(text(payload)));
            return CompletableFuture.completedFuture(payload);
        });
    }

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    @Test
    void unreliableNetworkLosesRoughlyOneRoundTripInFiveAndLossesShowAsTimeouts() throws Exception {
        network.setReliable(false);
        List<CompletableFuture<byte[]>> requests = send(1000, Duration.ofSeconds(1));

        int lost = 0;
        for (CompletableFuture<byte[]> request : requests) {
            try {
                request.get(Fixtures.WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertInstanceOf(RequestTimeoutException.class, e.getCause());
                lost++;
            }
        }

        // 10% of requests and 10% of the remaining replies: about 19% of round trips.
        assertTrue(lost >= 50 && lost <= 350, "lost " + lost + " of 1000 round trips");
        assertTrue(arrivals.size() < 1000 && arrivals.size() >= 650, arrivals.size() + " requests arrived");
    }

    @Test
    void unreliableNetworkDelaysAndReordersRequests() throws Exception {
        network.setReliable(false);

        List<Long> roundTripNanos = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<byte[]>> requests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long start = System.nanoTime();
            requests.add(a.request(B, CHANNEL, bytes(Integer.toString(i)), Duration.ofMillis(300))
                    .whenComplete((reply, error) -> roundTripNanos.add(System.nanoTime() - start)));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .get(Fixtures.WAIT_SECONDS, TimeUnit.SECONDS);

        List<Integer> sorted = new ArrayList<>(arrivals);
        Collections.sort(sorted);
        assertNotEquals(sorted, arrivals, "requests arrived in send order");
        long slowest = Collections.max(roundTripNanos);
        assertTrue(slowest >= TimeUnit.MILLISECONDS.toNanos(20), "slowest round trip " + slowest + " ns");
    }

    @Test
    void longReorderingLetsLaterRepliesOvertakeEarlierOnes() throws Exception {
        network.setLongReordering(true);
        List<Integer> replies = Collections.synchronizedList(new ArrayList<>());

        for (int i = 0; i < 20; i++) {
            int index = i;
            a.request(B, CHANNEL, bytes(Integer.toString(i)), LONG).thenRun(() -> replies.add(index));
        }

        await("a later reply overtook an earlier one", () -> overtaken(replies));
        await("all requests arrived", () -> arrivals.size() == 20);
        assertEquals(IntStream.range(0, 20).boxed().toList(), arrivals, "requests themselves are not reordered");
    }

    @Test
    void withLongDelaysARequestToAnUnreachableNodeFailsOnlyAfterARandomWait() throws Exception {
        network.setLongDelays(true);
        network.crash(B);
        List<Long> failedAfterNanos = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<byte[]>> requests = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            requests.add(a.request(B, CHANNEL, bytes("x"), Duration.ofMillis(400))
                    .whenComplete((reply, error) -> failedAfterNanos.add(System.nanoTime() - start)));
        }

        for (CompletableFuture<byte[]> request : requests) {
            Throwable error = failure(request);
            assertTrue(error instanceof PeerUnreachableException || error instanceof RequestTimeoutException,
                    error.toString());
        }
        long slowest = Collections.max(failedAfterNanos);
        assertTrue(slowest >= TimeUnit.MILLISECONDS.toNanos(100), "slowest failure took " + slowest + " ns");
    }

    @Test
    void withoutLongDelaysARequestToAnUnknownNodeFailsAsUnreachable() throws Exception {
        Throwable error = failure(a.request(C, CHANNEL, bytes("x"), LONG));

        assertInstanceOf(PeerUnreachableException.class, error);
        assertTrue(error.getMessage().contains("node c is not running"), error.getMessage());
    }

    private List<CompletableFuture<byte[]>> send(int count, Duration timeout) {
        List<CompletableFuture<byte[]>> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(a.request(B, CHANNEL, bytes(Integer.toString(i)), timeout));
        }
        return requests;
    }

    /** Whether some reply came before the reply of an earlier request (replies are not a prefix of 0, 1, 2...). */
    private static boolean overtaken(List<Integer> replies) {
        synchronized (replies) {
            for (int i = 0; i < replies.size(); i++) {
                if (replies.get(i) != i) {
                    return true;
                }
            }
            return false;
        }
    }
}

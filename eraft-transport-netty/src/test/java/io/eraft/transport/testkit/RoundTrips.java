package io.eraft.transport.testkit;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The round-trip benchmark both providers' throughput mains run: 64 requesters spread over the nodes, 128-byte
 * payloads echoed back, each requester sending its next request when its reply arrives; one second of warm-up, then
 * the measured seconds.
 */
public final class RoundTrips {
    private static final int REQUESTERS = 64;
    private static final int PAYLOAD_BYTES = 128;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String CHANNEL = "bench";

    private RoundTrips() {
    }

    /**
     * Registers an echo handler on every node and measures for {@code seconds}; requester {@code i} sends from node
     * {@code i % n} to node {@code (i + 1) % n}.
     *
     * @param callerThreads one thread per requester that waits for each reply, instead of chained callbacks
     * @return the requester count, payload size and measured rate, as one line's text
     */
    public static String measure(List<Transport> nodes, int seconds, boolean callerThreads)
            throws InterruptedException {
        for (Transport node : nodes) {
            node.register(CHANNEL, (from, payload) -> CompletableFuture.completedFuture(payload));
        }
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < REQUESTERS; i++) {
            Transport from = nodes.get(i % nodes.size());
            NodeId to = nodes.get((i + 1) % nodes.size()).localNode();
            if (callerThreads) {
                Thread caller = new Thread(() -> callLoop(from, to, running, done, failed), "caller-" + i);
                caller.start();
                callers.add(caller);
            } else {
                chain(from, to, running, done, failed);
            }
        }
        Thread.sleep(1000); // warm-up
        long startCount = done.sum();
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long count = done.sum() - startCount;
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Thread caller : callers) {
            caller.join();
        }
        return String.format("%d requesters, %d-byte payloads: %.0f round trips/s (%d in %.1f s, %d failed)",
                REQUESTERS, PAYLOAD_BYTES, count / elapsed, count, elapsed, failed.sum());
    }

    private static void chain(Transport from, NodeId to, AtomicBoolean running, LongAdder done, LongAdder failed) {
        from.request(to, CHANNEL, new byte[PAYLOAD_BYTES], TIMEOUT).whenComplete((reply, error) -> {
            (error == null ? done : failed).increment();
            if (running.get()) {
                chain(from, to, running, done, failed);
            }
        });
    }

    private static void callLoop(Transport from, NodeId to, AtomicBoolean running, LongAdder done,
                                 LongAdder failed) {
        byte[] payload = new byte[PAYLOAD_BYTES];
        while (running.get()) {
            try {
                from.request(to, CHANNEL, payload, TIMEOUT).get();
                done.increment();
            } catch (Exception e) {
                failed.increment();
            }
        }
    }
}

package io.eraft.transport.inprocess;

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
 * Prints request/reply round trips per second on the reliable path: three nodes (as a Raft group), 64 concurrent
 * requesters, each sending its next request when the previous reply arrives. Not a test; run it by hand after
 * {@code ./mvnw -pl eraft-transport-netty test-compile}:
 *
 * <pre>
 * ./mvnw -B -q -pl eraft-transport-netty exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.eraft.transport.inprocess.InProcessThroughput [-Dexec.args="SECONDS [async|threads]"]
 * </pre>
 *
 * {@code async} (default) keeps 64 requests in flight with callbacks; {@code threads} runs 64 caller threads that
 * each wait for their reply.
 */
public final class InProcessThroughput {
    private static final int REQUESTERS = 64;
    private static final int PAYLOAD_BYTES = 128;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String CHANNEL = "bench";

    private InProcessThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean threads = args.length > 1 && args[1].equals("threads");
        try (InProcessNetwork network = InProcessNetwork.create(1)) {
            List<Transport> nodes = new ArrayList<>();
            for (String name : List.of("n1", "n2", "n3")) {
                Transport t = network.join(NodeId.of(name));
                t.register(CHANNEL, (from, payload) -> CompletableFuture.completedFuture(payload));
                nodes.add(t);
            }
            LongAdder done = new LongAdder();
            LongAdder failed = new LongAdder();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < REQUESTERS; i++) {
                Transport from = nodes.get(i % 3);
                NodeId to = nodes.get((i + 1) % 3).localNode();
                if (threads) {
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
            System.out.printf("inprocess reliable path, %s, %d requesters, %d-byte payloads: %.0f round trips/s"
                            + " (%d in %.1f s, %d failed)%n", threads ? "caller threads" : "async callbacks",
                    REQUESTERS, PAYLOAD_BYTES, count / elapsed, count, elapsed, failed.sum());
        }
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

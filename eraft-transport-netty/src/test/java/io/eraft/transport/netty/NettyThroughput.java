package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prints request/reply round trips per second over loopback TCP: three netty nodes (as a Raft group), 64
 * concurrent requesters, 128-byte payloads, each requester sending its next request when its reply arrives. Not a
 * test; run it by hand after {@code ./mvnw -pl eraft-transport-netty test-compile}:
 *
 * <pre>
 * ./mvnw -B -q -pl eraft-transport-netty exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.eraft.transport.netty.NettyThroughput [-Dexec.args="SECONDS IO_THREADS"]
 * </pre>
 */
public final class NettyThroughput {
    private static final int REQUESTERS = 64;
    private static final int PAYLOAD_BYTES = 128;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String CHANNEL = "bench";

    private NettyThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String ioThreads = args.length > 1 ? args[1] : "1";
        List<NodeId> ids = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
        List<String> ports = Fixtures.freeAddresses(ids.size());
        Map<NodeId, String> addresses = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            addresses.put(ids.get(i), ports.get(i));
        }
        TransportProvider netty = TransportProvider.byName("netty");
        List<Transport> nodes = new ArrayList<>();
        try {
            for (NodeId id : ids) {
                Transport t = netty.create(new TransportConfig(id, addresses, Map.of("io-threads", ioThreads)));
                t.register(CHANNEL, (from, payload) -> CompletableFuture.completedFuture(payload));
                nodes.add(t);
            }
            LongAdder done = new LongAdder();
            LongAdder failed = new LongAdder();
            AtomicBoolean running = new AtomicBoolean(true);
            for (int i = 0; i < REQUESTERS; i++) {
                chain(nodes.get(i % 3), ids.get((i + 1) % 3), running, done, failed);
            }
            Thread.sleep(1000); // warm-up
            long startCount = done.sum();
            long start = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long count = done.sum() - startCount;
            double elapsed = (System.nanoTime() - start) / 1e9;
            running.set(false);
            System.out.printf("netty loopback (%s), %s io thread(s) per node, %d requesters, %d-byte payloads:"
                            + " %.0f round trips/s (%d in %.1f s, %d failed)%n",
                    ((NettyTransport) nodes.get(0)).ioKind(), ioThreads, REQUESTERS, PAYLOAD_BYTES, count / elapsed,
                    count, elapsed, failed.sum());
        } finally {
            nodes.forEach(Transport::close);
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
}

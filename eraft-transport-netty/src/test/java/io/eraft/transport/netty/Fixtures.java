package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestHandler;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Nodes, handlers, ports and waits shared by the netty tests. */
final class Fixtures {
    static final NodeId A = NodeId.of("a");
    static final NodeId B = NodeId.of("b");
    static final NodeId C = NodeId.of("c");
    static final String CHANNEL = "test";
    /** A timeout no test reaches, for requests that must end some other way (well past {@link #WAIT_SECONDS}). */
    static final Duration LONG = Duration.ofMinutes(2);
    /**
     * How long a test waits for something that should happen at once. Only a failing test waits this long, so it is
     * generous: on a loaded 2-core machine a cold TLS handshake alone has taken over 2 s.
     */
    static final long WAIT_SECONDS = 30;
    /** Small event loop groups: several transports share 2 cores. */
    static final String IO_THREADS = "2";
    /**
     * The connect and handshake deadline of the tests' transports unless a test sets its own: far beyond any test,
     * so that a slow (loaded) handshake never closes a connection a test relies on. Tests of the deadline set it.
     */
    static final String CONNECT_TIMEOUT_MS = Long.toString(TimeUnit.SECONDS.toMillis(WAIT_SECONDS * 2));

    /** Replies with the request's bytes. */
    static final RequestHandler ECHO = (from, payload) -> CompletableFuture.completedFuture(payload);

    private Fixtures() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** "127.0.0.1:port" for {@code count} ports that were free a moment ago. */
    static List<String> freeAddresses(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(s -> "127.0.0.1:" + s.getLocalPort()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port is released either way
                }
            }
        }
    }

    /** Addresses for {@code nodes} on free loopback ports. */
    static Map<NodeId, String> addressesFor(NodeId... nodes) {
        List<String> free = freeAddresses(nodes.length);
        Map<NodeId, String> addresses = new HashMap<>();
        for (int i = 0; i < nodes.length; i++) {
            addresses.put(nodes[i], free.get(i));
        }
        return Map.copyOf(addresses);
    }

    /**
     * A netty transport for {@code self} with {@code addresses} and the given options (plus, unless given, small
     * io-threads and the long {@link #CONNECT_TIMEOUT_MS}).
     */
    static NettyTransport netty(NodeId self, Map<NodeId, String> addresses, Map<String, String> options) {
        Map<String, String> all = new HashMap<>(options);
        all.putIfAbsent(NettyTransportProvider.IO_THREADS, IO_THREADS);
        all.putIfAbsent(NettyTransportProvider.CONNECT_TIMEOUT_MS, CONNECT_TIMEOUT_MS);
        Transport transport = TransportProvider.byName("netty").create(new TransportConfig(self, addresses, all));
        return (NettyTransport) transport;
    }

    static NettyTransport netty(NodeId self, Map<NodeId, String> addresses) {
        return netty(self, addresses, Map.of());
    }

    /** The port of {@code address} ("host:port"). */
    static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** The value of {@code future}, which must complete normally within {@link #WAIT_SECONDS}. */
    static <T> T value(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The cause that failed {@code future}, which must fail within {@link #WAIT_SECONDS}. */
    static Throwable failure(CompletableFuture<?> future) throws InterruptedException {
        try {
            Object v = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return fail("expected a failure, got the value " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return fail("the future did not fail within " + WAIT_SECONDS + " s");
        }
    }

    /** Waits (polling every 10 ms, up to {@link #WAIT_SECONDS}) until {@code condition} holds. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(10);
        }
    }
}

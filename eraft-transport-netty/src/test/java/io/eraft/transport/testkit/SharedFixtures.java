package io.eraft.transport.testkit;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.testkit.Poll;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.RequestHandler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Nodes, handlers and waits that the tests of both providers share; each provider's {@code Fixtures} extends it, so
 * its tests reach these through their own package's {@code Fixtures}.
 */
public class SharedFixtures {
    public static final NodeId A = NodeId.of("a");
    public static final NodeId B = NodeId.of("b");
    public static final NodeId C = NodeId.of("c");
    public static final String CHANNEL = "test";
    /** The cluster of the tests' servers. */
    public static final ClusterId CLUSTER = new ClusterId(0xA11CEL);
    /** Another cluster, whose nodes the tests' servers refuse as peers. */
    public static final ClusterId OTHER_CLUSTER = new ClusterId(0xB0BL);
    /** A timeout no test reaches, for requests that must end some other way (well past {@link #WAIT_SECONDS}). */
    public static final Duration LONG = Duration.ofMinutes(2);
    /**
     * How long a test waits for something that should happen at once, and how long a handler that holds its node's
     * thread for a test waits to be released. Only a failing test waits this long, so it is generous: on a loaded
     * 2-core machine a cold TLS handshake alone has taken over 2 s.
     */
    public static final long WAIT_SECONDS = 30;

    /** Replies with the request's bytes. */
    public static final RequestHandler ECHO = (from, payload) -> CompletableFuture.completedFuture(payload);

    protected SharedFixtures() {
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The value of {@code future}, which must complete normally within {@link #WAIT_SECONDS}. */
    public static <T> T value(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The cause that failed {@code future}, which must fail within {@link #WAIT_SECONDS}. */
    public static Throwable failure(CompletableFuture<?> future) throws InterruptedException {
        try {
            Object v = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return fail("expected a failure, got the value " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return fail("the future did not fail within " + WAIT_SECONDS + " s");
        }
    }

    /**
     * Waits (polling every 10 ms, up to {@link #WAIT_SECONDS}, with the shared {@link Poll} on Awaitility) until
     * {@code condition} holds; fails naming {@code what} otherwise.
     */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Poll.await(what, Duration.ofSeconds(WAIT_SECONDS), condition);
    }
}

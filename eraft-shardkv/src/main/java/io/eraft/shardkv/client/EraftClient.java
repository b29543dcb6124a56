package io.eraft.shardkv.client;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvClient;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Java application's connection to eRaft: one KV group ({@link #group}) or a sharded cluster
 * ({@link #shardedCluster}), reached over the transport that {@link java.util.ServiceLoader} finds by name
 * ({@code netty} unless the builder names another), so an application needs this module and a transport provider
 * on its module path.
 *
 * <pre>{@code
 * try (GroupClient kv = EraftClient.group("kv", "n1=10.0.0.1:7101,n2=10.0.0.2:7101,n3=10.0.0.3:7101")
 *         .operationTimeout(Duration.ofSeconds(5))
 *         .connect()) {
 *     kv.put("greeting", "hello");
 *     Optional<String> value = kv.get("greeting");
 *     boolean swapped = kv.compareAndSet("greeting", "hello", "hi");
 * }
 * }</pre>
 *
 * <p>A client is thread-safe and takes any number of concurrent operations (unlike a {@link KvClient} clerk, which
 * takes one at a time: each operation borrows a clerk of the client's). Writes apply exactly once; reads are
 * linearizable. Each operation comes in a blocking form and an asynchronous form whose future may complete on a
 * transport or timer thread (do not block in its callbacks). Failures are the {@link io.eraft.shardkv.kv.KvException}
 * subclasses {@link KvClient} describes, definite or not; in particular:
 * <ul>
 *   <li>{@link io.eraft.shardkv.kv.KvTimeoutException}: no leader answered within the operation timeout (a write's
 *       outcome is then unknown), and {@link io.eraft.shardkv.kv.KvUnavailableException}: servers answered but
 *       none took the write in time (it was not applied);</li>
 *   <li>{@link io.eraft.shardkv.kv.KvRequestRejectedException}: refused by the server (or, before sending, by the
 *       client's own limits), and {@link io.eraft.shardkv.kv.KvAccessDeniedException}: the role is not allowed;</li>
 *   <li>at {@link ClientBuilder#connect()}: {@link TlsFilesException} and the transport's refusals; at
 *       {@link #group(String, String)}: {@link BadAddressException}.</li>
 * </ul>
 * Closing the client closes its connections; operations still outstanding fail, and new ones are refused with
 * {@link IllegalStateException}.
 */
public abstract sealed class EraftClient implements KvClient, AutoCloseable permits GroupClient, ShardedClusterClient {
    private static final SecureRandom IDS = new SecureRandom();

    private final Transport transport;
    private final ClientOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ConcurrentMap<Duration, ClerkPool> pools = new ConcurrentHashMap<>();
    private final ClerkPool pool;

    EraftClient(Transport transport, ClientOptions options) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        this.pool = pool(options.operationTimeout());
    }

    /**
     * A builder of a client of KV group {@code group} whose servers are {@code servers}.
     *
     * @param servers {@code id=host:port,...}: the ids and addresses the servers were started with
     * @throws BadAddressException when {@code servers} is not of that form
     */
    public static ClientBuilder<GroupClient> group(String group, String servers) {
        return group(group, ServerAddresses.parse(servers));
    }

    /** A builder of a client of KV group {@code group} whose servers are {@code servers} (id to host:port). */
    public static ClientBuilder<GroupClient> group(String group, Map<NodeId, String> servers) {
        Objects.requireNonNull(group, "group");
        if (servers.isEmpty()) {
            throw new BadAddressException("a client of group '" + group + "' needs at least one server");
        }
        Map<NodeId, String> copy = ServerAddresses.ordered(servers);
        return new ClientBuilder<>(copy, (t, o) -> new GroupClient(t, o, group, copy));
    }

    /**
     * A builder of a client of the sharded cluster whose shard controller {@code controller} runs on
     * {@code controllers}. The shard groups' servers need no address here: the controller's configurations name
     * them by {@code host:port}.
     *
     * @param controllers {@code id=host:port,...} (or {@code host:port,...}) of the controller's servers
     * @throws BadAddressException when {@code controllers} is not of that form
     */
    public static ClientBuilder<ShardedClusterClient> shardedCluster(String controller, String controllers) {
        return shardedCluster(controller, ServerAddresses.parse(controllers));
    }

    /** A builder of a client of the sharded cluster whose controller {@code controller} runs on {@code controllers}. */
    public static ClientBuilder<ShardedClusterClient> shardedCluster(String controller,
                                                                     Map<NodeId, String> controllers) {
        Objects.requireNonNull(controller, "controller");
        if (controllers.isEmpty()) {
            throw new BadAddressException("a client of controller '" + controller + "' needs at least one server");
        }
        Map<NodeId, String> copy = ServerAddresses.ordered(controllers);
        return new ClientBuilder<>(copy, (t, o) -> new ShardedClusterClient(t, o, controller, copy));
    }

    // ---------------------------------------------------------------- sessions

    /**
     * A new clerk of this client's: one request at a time, in the order the caller makes them, sharing this
     * client's connections. Use one where operations of one caller must not overlap.
     *
     * @throws IllegalStateException when the client is closed
     */
    public abstract KvClient newSession();

    /** A new clerk with {@code clerkOptions} and a random id. */
    abstract KvClient newClerk(ClerkOptions clerkOptions, long clientId);

    /** @throws IllegalStateException once {@link #close()} was called */
    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    /** A fresh random id for a clerk (its session). */
    static long newClientId() {
        return IDS.nextLong();
    }

    /**
     * This client's operations with another operation timeout (retries and re-routing included), sharing its
     * connections: {@code client.withOperationTimeout(Duration.ofMillis(200)).get(key)}. The client keeps one set of
     * clerks per distinct timeout for its life, so use a few fixed timeouts rather than computed ones.
     */
    public KvClient withOperationTimeout(Duration timeout) {
        options.withOperationTimeout(timeout); // checks it
        return pool(timeout);
    }

    private ClerkPool pool(Duration timeout) {
        ClerkOptions clerkOptions = options.clerkOptions().withOperationTimeout(timeout);
        return pools.computeIfAbsent(timeout, t -> new ClerkPool(() -> newClerk(clerkOptions, newClientId()),
                closed::get, this));
    }

    // ---------------------------------------------------------------- operations (blocking forms: KvClient)

    @Override
    public CompletableFuture<Optional<byte[]>> getAsync(byte[] key) {
        return pool.getAsync(key);
    }

    @Override
    public CompletableFuture<Void> putAsync(byte[] key, byte[] value) {
        return pool.putAsync(key, value);
    }

    @Override
    public CompletableFuture<Void> appendAsync(byte[] key, byte[] suffix) {
        return pool.appendAsync(key, suffix);
    }

    @Override
    public CompletableFuture<Void> deleteAsync(byte[] key) {
        return pool.deleteAsync(key);
    }

    @Override
    public CompletableFuture<Boolean> compareAndSetAsync(byte[] key, byte[] expected, byte[] newValue) {
        return pool.compareAndSetAsync(key, expected, newValue);
    }

    // ---------------------------------------------------------------- UTF-8 text

    /** The value of {@code key} as UTF-8 text, or empty when the key is absent. */
    public Optional<String> get(String key) {
        return get(utf8(key)).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    /** Sets {@code key} to {@code value} (both as UTF-8). */
    public void put(String key, String value) {
        put(utf8(key), utf8(value));
    }

    /** Appends {@code suffix} to the value of {@code key} (both as UTF-8). */
    public void append(String key, String suffix) {
        append(utf8(key), utf8(suffix));
    }

    /** Deletes {@code key}; deleting an absent key is not an error. */
    public void delete(String key) {
        delete(utf8(key));
    }

    /**
     * Sets {@code key} to {@code newValue} if its value is {@code expected} ({@code null}: if the key is absent);
     * returns whether it did.
     */
    public boolean compareAndSet(String key, String expected, String newValue) {
        return compareAndSet(utf8(key), expected == null ? null : utf8(expected), utf8(newValue));
    }

    private static byte[] utf8(String s) {
        return Objects.requireNonNull(s, "key and value").getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- connection

    /**
     * The transport this client's clerks share: for requests this API does not wrap, such as status probes and
     * membership changes ({@link io.eraft.shardkv.admin.MemberClient}).
     */
    public Transport transport() {
        return transport;
    }

    /** The options this client was built with. */
    public ClientOptions options() {
        return options;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Closes the connections; outstanding operations fail, later ones are refused. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
        }
    }
}

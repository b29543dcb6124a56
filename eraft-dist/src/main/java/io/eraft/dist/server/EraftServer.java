package io.eraft.dist.server;

import com.sun.net.httpserver.HttpHandler;
import io.eraft.api.cluster.ClusterId;
import io.eraft.api.log.LogCorruptedException;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.metrics.Metrics;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.Stores;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportProvider;
import io.eraft.dist.console.ClusterView;
import io.eraft.dist.console.ConsoleRoutes;
import io.eraft.dist.console.RecentFigures;
import io.eraft.dist.http.HttpEndpoints;
import io.eraft.dist.http.ServerTls;
import io.eraft.dist.metrics.PrometheusMetrics;
import io.eraft.shardkv.client.TlsFiles;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.shardkv.ctrler.ControllerServer;
import io.eraft.shardkv.shard.ShardGroupSpec;
import io.eraft.shardkv.shard.ShardServer;
import io.eraft.shardkv.space.FreeSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One running server: a member of a KV group, of a shard group or of the shard controller ({@link ServerRole}) over
 * the {@code netty} transport, with a {@code segmented} Raft log and the configured store under its data directory,
 * and the admin status channel. Providers are found by name through ServiceLoader.
 *
 * <p>Data directory: see {@link DataDirectory}; one server per directory, and its {@link ClusterIdFile} says which
 * cluster the data belongs to.
 *
 * <p>With {@link ServerConfig#http()} set, it records its metrics ({@link PrometheusMetrics}: the Raft member, log
 * and store labelled {@code group} and {@code node}, the transport {@code node}) and serves them with its health on
 * an HTTP listener ({@link NodeEndpoints}); without, it records nothing ({@link Metrics#NOOP}) and opens no port.
 *
 * <p>Durability: a write is acknowledged only once it is in a majority's log (fsynced when {@code fsync} is on), so
 * killing a server at any moment ({@code kill -9}) loses nothing acknowledged; {@link #close()} is the clean stop.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class EraftServer implements AutoCloseable {
    /** The log provider every server uses. */
    public static final String LOG_PROVIDER = "segmented";
    /** The transport provider every server and client uses. */
    public static final String TRANSPORT = "netty";
    private static final Logger LOG = LoggerFactory.getLogger(EraftServer.class);

    private final ServerConfig config;
    private final ClusterId clusterId;
    private final Deque<AutoCloseable> resources;
    private final Replica replica;
    private final StateMachineStore store;
    /** The HTTP listener, or null when the server has none. */
    private volatile HttpEndpoints http;
    /** The console's live figures (KV ops, p99 latency, p99 fsync); null without HTTP. */
    private volatile RecentFigures figures;
    /** Whether the server has started and is not stopping ({@code /ready}). */
    private volatile boolean serving;

    private EraftServer(ServerConfig config, ClusterId clusterId, Deque<AutoCloseable> resources, Replica replica,
                        StateMachineStore store) {
        this.config = config;
        this.clusterId = clusterId;
        this.resources = resources;
        this.replica = replica;
        this.store = store;
    }

    /**
     * Opens the data directory and starts serving.
     *
     * @throws ServerStartException when the data directory is held by another server or cannot be created, or the
     *                              listen port is in use; the message names the fix
     * @throws ConfigException      when the data directory belongs to another cluster ({@link ClusterIdFile})
     * @throws DamagedLogException  when the Raft log holds damaged durable records (naming the file and the repair)
     * @throws io.eraft.api.EraftException for any other failure to open the store, log or transport, with its cause
     */
    public static EraftServer start(ServerConfig config) {
        return start(config, server -> Map.of());
    }

    /**
     * As {@link #start(ServerConfig)}, with more routes for the HTTP listener (a path, or a prefix ending in
     * {@code /}, to its handler; see {@link HttpEndpoints}), made once the server is up; they are used only when the
     * server has an HTTP listener ({@link ServerConfig#http()}).
     */
    public static EraftServer start(ServerConfig config, Function<EraftServer, Map<String, HttpHandler>> extraRoutes) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            Path dir = config.dataDir();
            opened.push(DataDirectory.lock(dir, "give node " + config.id() + " its own data.dir (--data-dir)"));
            ClusterId clusterId = config.join() ? JoinIdentity.resolve(config) : config.clusterId();
            String origin = config.join() ? JoinIdentity.ORIGIN : config.clusterIdOrigin();
            boolean recorded = ClusterIdFile.check(dir, clusterId, config.id().value(), origin);
            StateMachineStore store = Stores.provider(config.store()).open(dir.resolve(DataDirectory.STORE),
                    config.storeOptions());
            opened.push(store);
            LogStore log = LogStoreProvider.byName(LOG_PROVIDER).open(dir.resolve(DataDirectory.LOG),
                    logOptions(config));
            opened.push(log);
            Transport transport = transport(config, clusterId);
            opened.push(transport);
            PrometheusMetrics prometheus = config.http().isEmpty() ? null : PrometheusMetrics.create();
            String node = config.id().value();
            RecentFigures figures = prometheus == null ? null : new RecentFigures(prometheus);
            Metrics member = figures == null ? Metrics.NOOP
                    : figures.withLabels("group", config.group(), "node", node);
            log.recordTo(member);
            transport.recordTo(prometheus == null ? Metrics.NOOP : prometheus.withLabels("node", node));
            KvServerSpec spec = KvServerSpec.of(config.group(), config.id(), config.peers().ids(), config.raft(),
                    transport, log, store, dir.resolve(DataDirectory.RAFT), new SecureRandom().nextLong())
                    .withSpace(config.space(), FreeSpace.of(dir))
                    .withLimits(config.limits())
                    .withMetrics(member);
            if (config.join()) {
                spec = spec.asJoining();
            }
            Replica replica = startReplica(config, spec);
            opened.push(replica);
            EraftServer server = new EraftServer(config, clusterId, opened, replica, store);
            server.figures = figures;
            opened.push(StatusService.start(transport, server::status));
            if (prometheus != null) {
                RaftGauges.register(member, replica::raftStatus, store::approximateSize);
                Map<String, HttpHandler> routes = new LinkedHashMap<>(NodeEndpoints.routes(prometheus.registry(),
                        server::status, () -> server.serving));
                ClusterView console = ClusterView.forServer(transport, config, server::status);
                opened.push(console);
                routes.putAll(ConsoleRoutes.of(console));
                routes.putAll(extraRoutes.apply(server));
                server.http = startHttp(config, routes);
                opened.push(server.http);
            }
            if (!recorded) {
                ClusterIdFile.record(dir, clusterId, origin);
            }
            server.serving = true;
            LOG.info("{} node {} of group {} in cluster {} serving on {} (peers {}; data {}; store {}; fsync {}; "
                    + "http {})", config.role().label(), config.id(), config.group(), clusterId, config.listen(),
                    config.peers(), dir.toAbsolutePath(), config.store(), config.fsync() ? "on" : "off",
                    server.http == null ? "off" : server.http.uri());
            return server;
        } catch (RuntimeException e) {
            closeAll(opened, e);
            LogCorruptedException damage = damage(e);
            throw damage == null ? e : DamagedLogException.of(config.id().value(), config.dataDir(), damage);
        }
    }

    /** Starts the HTTP listener: HTTPS with the node's certificate and key when its transport has TLS files. */
    private static HttpEndpoints startHttp(ServerConfig config, Map<String, HttpHandler> routes) {
        String cert = config.transportOptions().get(TlsFiles.CERT);
        String key = config.transportOptions().get(TlsFiles.KEY);
        InetSocketAddress address = config.httpAddress().orElseThrow();
        if (address.isUnresolved()) {
            throw new ServerStartException("node " + config.id() + " cannot serve HTTP on " + config.http()
                    + ": unknown host " + address.getHostString() + "; give http.listen (--http) as an address of "
                    + "this machine", null);
        }
        Optional<SSLContext> tls;
        try {
            tls = cert == null || key == null ? Optional.empty()
                    : Optional.of(ServerTls.fromPem(Path.of(cert), Path.of(key)));
        } catch (IllegalArgumentException e) {
            throw new ServerStartException("node " + config.id() + " cannot serve HTTPS with its TLS files: "
                    + e.getMessage(), e);
        }
        try {
            return HttpEndpoints.start(address, tls, routes);
        } catch (UncheckedIOException e) {
            throw new ServerStartException("node " + config.id() + " cannot serve HTTP on " + config.http() + ": "
                    + e.getMessage() + "; give another address of this machine in http.listen (--http), or stop "
                    + "the process that holds it", e);
        }
    }

    /** The log damage behind {@code e}, if that is what stopped the start (the log's open, or Raft reading it). */
    private static LogCorruptedException damage(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof LogCorruptedException damage) {
                return damage;
            }
        }
        return null;
    }

    private static Replica startReplica(ServerConfig config, KvServerSpec spec) {
        return switch (config.role()) {
            case KV -> Replica.of(KvServer.start(spec));
            case CTRLER -> Replica.of(ControllerServer.start(spec, config.shards()));
            case SHARD -> Replica.of(ShardServer.start(ShardGroupSpec.of(spec, config.shards(),
                    config.controller(), config.controllers().ids())));
        };
    }

    private static Transport transport(ServerConfig config, ClusterId clusterId) {
        try {
            return TransportProvider.byName(TRANSPORT).create(TransportConfig.peer(config.id(),
                    config.transportAddresses(), config.transportOptions(), clusterId));
        } catch (TransportException e) {
            if (portInUse(e)) {
                throw new ServerStartException("node " + config.id() + " cannot listen on " + config.listen()
                        + ": the port is in use by another process; stop that process, or give " + config.id()
                        + " another port in peers (--peers) or listen (--listen) (" + e.getMessage() + ")", e);
            }
            throw e;
        }
    }

    /**
     * Whether {@code e} says the listen address is taken: a {@link BindException}, or (the epoll transport's native
     * error is no BindException) a message that says so, as the netty provider promises.
     */
    private static boolean portInUse(TransportException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BindException || String.valueOf(c.getMessage()).contains("already in use")) {
                return true;
            }
        }
        return false;
    }

    /** The cluster this server belongs to. */
    public ClusterId clusterId() {
        return clusterId;
    }

    /**
     * Completes when the server's Raft member stops: normally after {@link #close()}, exceptionally with a
     * {@link io.eraft.api.raft.RaftFailedException} naming the cause when it stopped itself (fail-stop: a log write
     * or fsync failed, an invariant broke). The process then exits with status 3 ({@code eraft server}).
     */
    public CompletableFuture<Void> termination() {
        return replica.raft().termination();
    }

    /** Where its HTTP listener listens (the actual port when configured with port 0), or empty without one. */
    public Optional<InetSocketAddress> httpAddress() {
        HttpEndpoints h = http;
        return h == null ? Optional.empty() : Optional.of(h.address());
    }

    /** The settings this server runs with. */
    public ServerConfig config() {
        return config;
    }

    /** This node's current status, as the admin channel reports it. */
    public NodeStatus status() {
        RaftStatus r = replica.raftStatus();
        NodeStatus status = new NodeStatus(config.id().value(), config.group(), config.advertisedAddress(), r.role(), r.term(),
                r.leader() == null ? "" : r.leader().value(), r.commitIndex(), r.appliedIndex(), r.lastLogIndex(),
                r.snapshotIndex(), r.logBytes(), store.providerName(), store.approximateSize(), config.role(),
                replica.configNum().getAsLong(), replica.shards().get(), clusterId.toString(),
                oneLine(r.failure()), r.recovering(), oneLine(replica.alarm()), memberRole(r),
                r.configurationIndex());
        RecentFigures live = figures;
        return live == null ? status : live.onto(status);
    }

    /** This node's place in the configuration it knows: voter, learner, or not a member (removed, or joining). */
    private static String memberRole(RaftStatus r) {
        if (r.membership() == null) {
            return "";
        }
        return r.membership().isVoter(r.self()) ? "voter" : r.membership().isLearner(r.self()) ? "learner"
                : "not a member";
    }

    /** {@code text} on one line (a status field), "" for null. */
    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " | ");
    }

    /**
     * Stops serving (the HTTP listener first), then closes the replica, transport, log, store and the data directory
     * lock, in order. Later calls do nothing.
     */
    @Override
    public void close() {
        serving = false;
        synchronized (resources) {
            if (resources.isEmpty()) {
                return; // closed already (a failed member's process closes it before the shutdown hook runs)
            }
            closeAll(resources, null);
        }
        LOG.info("node {} stopped", config.id());
    }

    private static void closeAll(Deque<AutoCloseable> opened, RuntimeException failure) {
        RuntimeException first = failure;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (failure == null && first != null) {
            throw first;
        }
    }

    /** The {@code log.*} options with {@code fsync}, the server's own key for the log's {@code fsync}. */
    private static Map<String, String> logOptions(ServerConfig config) {
        Map<String, String> options = new java.util.HashMap<>(config.logOptions());
        options.put("fsync", Boolean.toString(config.fsync()));
        return options;
    }
}

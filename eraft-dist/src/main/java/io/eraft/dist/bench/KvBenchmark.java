package io.eraft.dist.bench;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.log.LogStoreStats;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.spi.support.FileOps;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.Stores;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.shardkv.kv.ClerkOptions;
import io.eraft.shardkv.kv.KvClerk;
import io.eraft.shardkv.kv.KvServer;
import io.eraft.shardkv.kv.KvServerSpec;
import io.eraft.api.metrics.Metrics;
import io.eraft.dist.metrics.PrometheusMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Throughput and latency of the replicated KV service: a group of KV servers in one JVM over the in-process
 * transport, each with a durable Raft log and its own store, driven by N closed-loop clerks (each keeps one request
 * in flight) through the client protocol, as a user of the service would. Each run measures writes (Puts of random
 * keys) and then linearizable reads (ReadIndex Gets of random keys, all present: a read that finds no value counts
 * as an error).
 */
public final class KvBenchmark {
    private static final String GROUP = "bench";
    private static final int CLIENT_NODES = 4;

    /**
     * What to run.
     *
     * @param dir           work directory; each run wipes its own subdirectory
     * @param nodes         servers in the group
     * @param clients       concurrent clerks, one run each
     * @param store         store provider name
     * @param storeOptions  options of the store provider
     * @param logStore      log provider name
     * @param fsync         whether the logs fsync
     * @param keys          distinct keys written and read
     * @param keyBytes      key size
     * @param valueBytes    value size
     * @param warmupSeconds unmeasured seconds before each measurement
     * @param seconds       measured seconds of writes, then of reads
     * @param transport     transport provider name
     * @param metrics       the metrics settings to run each client count under, in this order ({@code [OFF]} by
     *                      default): with {@link MetricsMode#ON} every server records into its own Prometheus
     *                      registry and the registry is scraped once a second, as a Prometheus server would
     * @param passes        how many times each client count runs under every metrics setting (alternating)
     */
    public record Options(Path dir, int nodes, List<Integer> clients, String store, Map<String, String> storeOptions,
                          String logStore, boolean fsync, int keys, int keyBytes, int valueBytes,
                          double warmupSeconds, double seconds, String transport, List<MetricsMode> metrics,
                          int passes) {
        public Options {
            metrics = List.copyOf(metrics);
            if (metrics.isEmpty() || passes < 1) {
                throw new IllegalArgumentException("bench-kv needs at least one metrics setting and one pass");
            }
        }

        /** Options that run once, with metrics off. */
        public Options(Path dir, int nodes, List<Integer> clients, String store, Map<String, String> storeOptions,
                       String logStore, boolean fsync, int keys, int keyBytes, int valueBytes,
                       double warmupSeconds, double seconds, String transport) {
            this(dir, nodes, clients, store, storeOptions, logStore, fsync, keys, keyBytes, valueBytes, warmupSeconds,
                    seconds, transport, List.of(MetricsMode.OFF), 1);
        }
    }

    /** Whether the servers record metrics. */
    public enum MetricsMode {
        /** {@link io.eraft.api.metrics.Metrics#NOOP}: nothing recorded. */
        OFF,
        /** A Prometheus registry per server, scraped once a second. */
        ON
    }

    /** One measured phase. */
    public record Result(String operation, int clients, long operations, double seconds, double opsPerSecond,
                         double p50Micros, double p99Micros, double p999Micros, double entriesPerFsync,
                         long errors, MetricsMode metrics) {
        public Result(String operation, int clients, long operations, double seconds, double opsPerSecond,
                      double p50Micros, double p99Micros, double p999Micros, double entriesPerFsync, long errors) {
            this(operation, clients, operations, seconds, opsPerSecond, p50Micros, p99Micros, p999Micros,
                    entriesPerFsync, errors, MetricsMode.OFF);
        }
    }

    private enum Operation { WRITE, READ }

    private final Options options;
    private final PrintStream out;

    public KvBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public List<Result> run() throws Exception {
        List<Result> results = new ArrayList<>();
        for (int clients : options.clients()) {
            for (int pass = 0; pass < options.passes(); pass++) {
                for (MetricsMode mode : options.metrics()) {
                    Path dir = options.dir().resolve("run-" + clients + "-" + mode.name().toLowerCase(Locale.ROOT));
                    FileOps.deleteRecursively(dir);
                    try (Group group = new Group(dir, clients, mode)) {
                        group.preload();
                        for (Operation op : Operation.values()) {
                            Result r = group.measure(op);
                            results.add(r);
                            out.println(format(r));
                        }
                    }
                }
            }
        }
        if (options.metrics().size() > 1) {
            out.println();
            out.println(MetricsCost.table(results));
        }
        return results;
    }

    public static String header() {
        return String.format("%6s %8s %12s %12s %10s %10s %10s %14s %8s %8s", "op", "clients", "operations",
                "ops/s", "p50(us)", "p99(us)", "p999(us)", "entries/fsync", "errors", "metrics");
    }

    public static String format(Result r) {
        return String.format("%6s %8d %12d %12.0f %10.0f %10.0f %10.0f %14s %8d %8s", r.operation(), r.clients(),
                r.operations(), r.opsPerSecond(), r.p50Micros(), r.p99Micros(), r.p999Micros(),
                r.operation().equals("write") ? String.format("%.1f", r.entriesPerFsync()) : "-", r.errors(),
                r.metrics().name().toLowerCase(Locale.ROOT));
    }

    /** Loopback addresses on free ports for a network transport (the in-process one ignores them). */
    private Map<NodeId, String> addresses(List<NodeId> ids) {
        if (options.transport().equals("inprocess")) {
            return Map.of();
        }
        Map<NodeId, String> out = new java.util.HashMap<>();
        for (NodeId id : ids) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                out.put(id, "127.0.0.1:" + s.getLocalPort());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("bench-kv: no free loopback port", e);
            }
        }
        return out;
    }

    /** One fresh group of servers and its clerks. */
    private final class Group implements AutoCloseable {
        private final List<KvServer> servers = new ArrayList<>();
        private final List<LogStore> logs = new ArrayList<>();
        private final List<StateMachineStore> stores = new ArrayList<>();
        private final List<Transport> transports = new ArrayList<>();
        private final List<KvClerk> clerks = new ArrayList<>();
        private final byte[][] keys;
        private final byte[] value;
        private final MetricsMode mode;
        private final ScheduledExecutorService scraper;

        Group(Path dir, int clients, MetricsMode mode) {
            this.mode = mode;
            this.scraper = mode == MetricsMode.ON ? Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-kv-scraper");
                t.setDaemon(true);
                return t;
            }) : null;
            String network = "bench-kv-" + clients + "-" + System.nanoTime();
            List<NodeId> ids = new ArrayList<>();
            for (int i = 1; i <= options.nodes(); i++) {
                ids.add(NodeId.of("n" + i));
            }
            LogStoreProvider logProvider = LogStoreProvider.byName(options.logStore());
            TransportProvider transportProvider = TransportProvider.byName(options.transport());
            Map<NodeId, String> addresses = addresses(ids);
            Map<String, String> transportOptions = options.transport().equals("inprocess")
                    ? Map.of("network", network) : Map.of();
            long seed = 42;
            ClusterId cluster = ClusterId.derive(ClusterId.DEFAULT_TOKEN, addresses);
            try {
                for (NodeId id : ids) {
                    Path nodeDir = dir.resolve(id.value());
                    LogStore log = logProvider.open(nodeDir.resolve("log"),
                            Map.of("fsync", Boolean.toString(options.fsync())));
                    logs.add(log);
                    StateMachineStore store = Stores.provider(options.store()).open(nodeDir.resolve("store"),
                            options.storeOptions());
                    stores.add(store);
                    Transport t = transportProvider.create(TransportConfig.peer(id, addresses, transportOptions,
                            cluster));
                    transports.add(t);
                    Metrics metrics = Metrics.NOOP;
                    if (mode == MetricsMode.ON) {
                        PrometheusMetrics prometheus = PrometheusMetrics.create();
                        metrics = prometheus.withLabels("group", GROUP, "node", id.value());
                        t.recordTo(prometheus.withLabels("node", id.value()));
                        log.recordTo(metrics);
                        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
                        scraper.scheduleAtFixedRate(() -> scrape(writer, prometheus), 1, 1, TimeUnit.SECONDS);
                    }
                    servers.add(KvServer.start(KvServerSpec.of(GROUP, id, ids, RaftConfig.defaults(), t, log, store,
                            nodeDir.resolve("work"), seed++).withMetrics(metrics)));
                }
                List<Transport> clientTransports = new ArrayList<>();
                for (int i = 1; i <= Math.min(CLIENT_NODES, clients); i++) {
                    Transport t = transportProvider.create(new TransportConfig(NodeId.of("client-" + i), addresses,
                            transportOptions));
                    transports.add(t);
                    clientTransports.add(t);
                }
                SplittableRandom ids64 = new SplittableRandom(seed);
                for (int i = 0; i < clients; i++) {
                    clerks.add(KvClerk.create(clientTransports.get(i % clientTransports.size()), GROUP, ids,
                            ClerkOptions.DEFAULT, ids64.nextLong()));
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            keys = new byte[options.keys()][];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = key(i, options.keyBytes());
            }
            value = new byte[options.valueBytes()];
            new SplittableRandom(7).nextBytes(value);
        }

        /** Writes every key once, so reads find values. */
        void preload() throws InterruptedException {
            CountDownLatch done = new CountDownLatch(clerks.size());
            AtomicLong failures = new AtomicLong();
            for (int c = 0; c < clerks.size(); c++) {
                preloadFrom(clerks.get(c), c, done, failures);
            }
            if (!done.await(5, TimeUnit.MINUTES) || failures.get() > 0) {
                throw new IllegalStateException("preloading " + keys.length + " keys failed (" + failures.get()
                        + " errors)");
            }
        }

        private void preloadFrom(KvClerk clerk, int next, CountDownLatch done, AtomicLong failures) {
            if (next >= keys.length) {
                done.countDown();
                return;
            }
            clerk.putAsync(keys[next], value).whenComplete((v, e) -> {
                if (e != null) {
                    failures.incrementAndGet();
                    done.countDown();
                } else {
                    preloadFrom(clerk, next + clerks.size(), done, failures);
                }
            });
        }

        Result measure(Operation op) throws InterruptedException {
            List<Supplier<CompletableFuture<Boolean>>> clients = new ArrayList<>();
            long seed = op.ordinal() * 1_000_003L;
            for (KvClerk clerk : clerks) {
                SplittableRandom random = new SplittableRandom(seed++);
                clients.add(() -> {
                    byte[] key = keys[random.nextInt(keys.length)];
                    // A preloaded key read as absent counts as an error.
                    return op == Operation.WRITE ? clerk.putAsync(key, value).thenApply(v -> true)
                            : clerk.getAsync(key).thenApply(Optional::isPresent);
                });
            }
            ClosedLoopLoad load = new ClosedLoopLoad(clients);
            load.warmUp(options.warmupSeconds());
            LogStoreStats before = totalStats();
            ClosedLoopLoad.Window w = load.measure(options.seconds());
            LogStoreStats window = totalStats().minus(before);
            load.stop(60);
            return new Result(op.name().toLowerCase(java.util.Locale.ROOT), clerks.size(), w.completed(),
                    w.seconds(), w.perSecond(), w.micros(50), w.micros(99), w.micros(99.9), window.entriesPerSync(),
                    w.errors(), mode);
        }

        /** Appends and fsyncs summed over every server's log. */
        private LogStoreStats totalStats() {
            return logs.stream().map(LogStore::stats).reduce(LogStoreStats.NONE, LogStoreStats::plus);
        }

        /** What a Prometheus server's scrape costs the node: the whole registry written in the text format. */
        private void scrape(PrometheusTextFormatWriter writer, PrometheusMetrics prometheus) {
            try {
                writer.write(OutputStream.nullOutputStream(), prometheus.registry().scrape());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (scraper != null) {
                scraper.shutdownNow();
            }
            servers.forEach(KvServer::close);
            transports.forEach(Transport::close);
            logs.forEach(LogStore::close);
            stores.forEach(StateMachineStore::close);
        }
    }

    /** Key {@code i} as exactly {@code bytes} bytes: a zero-padded decimal number, cut or padded to fit. */
    static byte[] key(int i, int bytes) {
        byte[] digits = String.format("k%019d", i).getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[bytes];
        int n = Math.min(bytes, digits.length);
        System.arraycopy(digits, digits.length - n, key, bytes - n, n);
        return key;
    }
}

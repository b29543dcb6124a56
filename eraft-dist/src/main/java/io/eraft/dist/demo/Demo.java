package io.eraft.dist.demo;

import io.eraft.api.raft.RaftException;
import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.BenchOptions;
import io.eraft.dist.client.BenchRunner;
import io.eraft.dist.client.ClusterClient;
import io.eraft.dist.client.NodeProbe;
import io.eraft.dist.client.StatusProbe;
import io.eraft.dist.client.StatusTable;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerConfigLoader;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: a 3-node KV group in this process on loopback over the netty transport, with durable logs
 * (fsync on) and the chosen store; a short benchmark against it, its status, and then it serves until stopped.
 */
public final class Demo implements AutoCloseable {
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);
    private static final long LEADER_WAIT_SECONDS = 30;
    /** The JIT needs a moment: the short benchmark measures after at most this long. */
    private static final Duration MAX_WARMUP = Duration.ofSeconds(2);

    private final DemoOptions options;
    private final PrintWriter out;
    private final PeerList peers;
    private final List<EraftServer> servers = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ClusterClient client;

    public Demo(DemoOptions options, PrintWriter out) {
        this.options = options;
        this.out = out;
        Map<NodeId, String> addresses = new LinkedHashMap<>();
        for (int i = 1; i <= DemoOptions.NODES; i++) {
            addresses.put(NodeId.of("n" + i), options.host() + ":" + (options.basePort() + i - 1));
        }
        this.peers = new PeerList(addresses);
    }

    /** The nodes and their addresses, as {@code --servers} takes them. */
    public PeerList peers() {
        return peers;
    }

    /**
     * Starts the nodes, waits for a leader, runs the benchmark and prints the status, then serves until
     * {@link #stop()} or the demo's duration.
     *
     * @throws io.eraft.dist.server.ServerStartException when a node cannot start (e.g. its port is in use)
     * @throws RaftException when no leader is elected within 30 s
     */
    public void run() throws InterruptedException {
        start();
        benchmark();
        printStatus();
        out.printf("%nThe group serves until Ctrl-C%s. From another terminal:%n",
                options.duration() == null ? "" : " or " + options.duration().toSeconds() + " s");
        out.printf("  eraft kv --servers %s put hello world%n", peers);
        out.printf("  eraft kv --servers %s get hello%n", peers);
        out.printf("  eraft status --servers %s%n", peers);
        out.flush();
        if (options.duration() == null) {
            stopped.await();
        } else {
            stopped.await(options.duration().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Ends {@link #run()}'s wait; the caller then closes the demo. */
    public void stop() {
        stopped.countDown();
    }

    private void start() throws InterruptedException {
        for (NodeId id : peers.ids()) {
            ServerConfig config = new ServerConfig(id, ServerConfigLoader.DEFAULT_GROUP, peers, peers.addressOf(id),
                    options.dir().resolve(id.value()), options.store(), Map.of(), Map.of(), 64L << 20, true);
            servers.add(EraftServer.start(config));
        }
        out.printf("Started %d nodes of group '%s' (store %s, fsync on, data in %s): %s%n", servers.size(),
                ServerConfigLoader.DEFAULT_GROUP, options.store(), options.dir().toAbsolutePath(), peers);
        out.flush();
        client = ClusterClient.connect(peers, ServerConfigLoader.DEFAULT_GROUP, Duration.ofSeconds(10));
        awaitLeader();
    }

    private void awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LEADER_WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            for (NodeProbe p : StatusProbe.probe(client.transport(), peers, STATUS_TIMEOUT)) {
                if (p.online() && p.status().role() == Role.LEADER) {
                    out.printf("Leader: %s (term %d)%n", p.id(), p.status().term());
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new RaftException("the demo group elected no leader within " + LEADER_WAIT_SECONDS + " s; see the "
                + "log above for the nodes' errors");
    }

    private void benchmark() throws InterruptedException {
        if (options.benchTime().isZero()) {
            return;
        }
        Duration warmup = Collections.min(List.of(options.benchTime().dividedBy(2), MAX_WARMUP));
        out.printf("%nBenchmark: %d clients, %.1f s after %.1f s of warmup, half linearizable reads, half 128-byte "
                + "writes%n", options.benchClients(), options.benchTime().toMillis() / 1000.0,
                warmup.toMillis() / 1000.0);
        out.flush();
        BenchOptions bench = BenchOptions.timed(options.benchClients(), options.benchTime(), 10_000, 128, 0.5)
                .withWarmup(warmup);
        var report = new BenchRunner(bench, client::newClerk, line -> {
            out.println(line);
            out.flush();
        }).run();
        out.print(report.toText());
    }

    private void printStatus() {
        out.printf("%nStatus:%n");
        out.print(StatusTable.format(StatusProbe.probe(client.transport(), peers, STATUS_TIMEOUT)));
        out.flush();
    }

    /** Stops the client and the nodes. */
    @Override
    public synchronized void close() {
        stop();
        if (client != null) {
            client.close();
            client = null;
        }
        RuntimeException failure = null;
        for (EraftServer s : servers) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        servers.clear();
        if (failure != null) {
            throw failure;
        }
    }
}

package io.eraft.dist.demo;

import io.eraft.api.EraftException;
import io.eraft.dist.client.ShardRanges;
import io.eraft.dist.client.ShardedStatus;
import io.eraft.dist.client.ShardedStatusTable;
import io.eraft.dist.console.ClusterView;
import io.eraft.dist.console.ConsoleServer;
import io.eraft.dist.console.ShardedClusterSource;
import io.eraft.dist.server.ServerConfig;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.shard.ShardClerk;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: a sharded cluster in this process ({@link LocalShardedCluster}: 3 controllers and groups of
 * 3 servers over netty on loopback, durable logs). Two groups join; a closed-loop load runs through routing clerks
 * with a line a second; a third group joins under that load and the shard states are shown until every group
 * serves all its shards; then a summary, a read-back of keys written before the migration, the sharded status, and
 * the cluster serves until stopped. A web console on the port after the cluster's ({@link #consolePort}) shows the
 * nodes, the shard map and live charts throughout, the third group's migration included.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class Demo implements AutoCloseable {
    private static final int CHECK_KEYS = 256;
    private static final long CHECK_TIMEOUT_SECONDS = 60;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final DemoOptions options;
    private final PrintWriter out;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ScratchDirectory dir;
    private LocalShardedCluster cluster;
    private MigrationWatch watch;
    private ConsoleServer console;

    public Demo(DemoOptions options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Starts the cluster, runs the load through the migration, prints the summary and status, then serves until
     * {@link #stop()} or the demo's duration.
     *
     * @throws io.eraft.dist.server.ServerStartException when a server cannot start (e.g. its port is in use) or
     *                                                   the data directory is in use
     * @throws io.eraft.dist.server.ConfigException      when the data directory holds someone else's files
     * @throws io.eraft.api.raft.RaftException           when a group elects no leader within 30 s
     */
    public void run() throws InterruptedException {
        dir = ScratchDirectory.claim(options.dir(), "eraft demo", "--dir");
        LocalShardedCluster.Options layout = new LocalShardedCluster.Options(dir.path(), options.host(),
                options.basePort(), DemoOptions.CONTROLLERS, DemoOptions.GROUP_SIZE, ServerConfig.DEFAULT_SHARDS,
                options.store(), options.fsync()).withHttp(true);
        print("eraft demo: a sharded cluster in this process: %d controllers and shard groups of %d servers, netty "
                        + "on %s ports %d-%d, store %s, fsync %s, %d shards, data in %s%s; %d cores",
                DemoOptions.CONTROLLERS, DemoOptions.GROUP_SIZE, options.host(), options.basePort(),
                options.basePort() + DemoOptions.PORTS - 1, options.store(), options.fsync() ? "on" : "off",
                layout.shards(), dir.path(), dir.emptied() ? " (the previous run's data removed)" : "",
                Runtime.getRuntime().availableProcessors());
        cluster = LocalShardedCluster.start(layout);
        watch = new MigrationWatch(cluster, stopped, SETTLE_TIMEOUT);
        print("Controllers: %s (leader %s)", cluster.controllers(), cluster.controllerStatus().leader());
        startConsole();
        String g1 = startGroup();
        String g2 = startGroup();
        ShardConfig two = cluster.join(g1, g2);
        print("Joined %s and %s: configuration %d; %s owns shards %s, %s owns %s", g1, g2, two.num(), g1,
                ShardRanges.format(two.shardsOf(g1)), g2, ShardRanges.format(two.shardsOf(g2)));
        MigrationWatch.Outcome joined = watch.await(two.num());
        if (joined == MigrationWatch.Outcome.STOPPED) {
            return;
        }
        if (joined == MigrationWatch.Outcome.TIMED_OUT) {
            throw new EraftException("groups " + g1 + " and " + g2 + " did not take their shards of configuration "
                    + two.num() + " within " + SETTLE_TIMEOUT.toSeconds() + " s: "
                    + LocalShardedCluster.describe(cluster.status()));
        }
        List<ShardClerk> clerks = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            clerks.add(cluster.client().newClerk());
        }
        KeyCheck check = new KeyCheck(CHECK_KEYS);
        check.write(clerks, CHECK_TIMEOUT_SECONDS);
        print("Wrote %d check keys (check-0000 ...), to read back after the migration.", check.count());
        if (loadThroughMigration(clerks, two)) {
            verify(check, clerks);
            printStatus();
            serve();
        }
    }

    /**
     * Runs the load on two groups, joins the third under it and follows the migration, then prints the summary.
     *
     * @return false when stopped on the way
     */
    private boolean loadThroughMigration(List<ShardClerk> clerks, ShardConfig two) throws InterruptedException {
        print("%nLoad: %d clients routing each key through the controller's configuration, half linearizable reads, "
                + "half %d-byte puts over %d keys; a line a second:", options.clients(), options.valueBytes(),
                DemoOptions.KEYS);
        ShardLoad load = new ShardLoad(clerks, new ShardLoad.Spec(DemoOptions.KEYS, options.valueBytes(),
                DemoOptions.READ_RATIO, cluster.options().shards()));
        long origin = System.nanoTime();
        LoadLines lines = new LoadLines(out, origin);
        try (LoadTicker ticker = new LoadTicker(load, TICK, lines)) {
            load.start();
            if (pause(options.benchTime())) {
                return false;
            }
            long beforeEnd = System.nanoTime();
            String g3 = startGroup();
            long join = System.nanoTime();
            ShardConfig three = cluster.join(g3);
            print("Joined %s under load: configuration %d moves shards %s to it", g3, three.num(),
                    ShardRanges.format(three.shardsOf(g3)));
            MigrationWatch.Outcome settled = watch.await(three.num(), join, line -> print("%s", line));
            long done = System.nanoTime();
            if (settled == MigrationWatch.Outcome.STOPPED) {
                return false;
            }
            String groups = LocalShardedCluster.describe(cluster.status());
            if (settled == MigrationWatch.Outcome.SETTLED) {
                print("Migration settled %.2f s after the join: every group serves all its shards (%s).",
                        (done - join) / 1e9, groups);
            } else {
                print("The migration did not settle within %d s: %s", SETTLE_TIMEOUT.toSeconds(), groups);
            }
            if (pause(options.afterTime())) {
                return false;
            }
            long end = System.nanoTime();
            ticker.awaitWindowsUntil(end);
            String summary = DemoSummary.format(ticker, new DemoSummary.Timeline(origin, beforeEnd, join, done,
                    end), two, three, settled == MigrationWatch.Outcome.SETTLED, load.firstError());
            synchronized (out) {
                out.print(summary);
                out.flush();
            }
        } finally {
            if (!load.stop(STOP_TIMEOUT)) {
                print("Some clients were still waiting for an operation %d s after the load stopped.",
                        STOP_TIMEOUT.toSeconds());
            }
        }
        return true;
    }

    private void verify(KeyCheck check, List<ShardClerk> clerks) throws InterruptedException {
        KeyCheck.Result r = check.verify(clerks, CHECK_TIMEOUT_SECONDS);
        if (r.allMatched()) {
            print("%nRead back all %d check keys written before the migration, each with its value.", r.total());
        } else {
            print("%nRead back %d of %d check keys written before the migration correctly; first problem: %s",
                    r.matched(), r.total(), r.firstProblem());
        }
    }

    private void printStatus() {
        print("%nSharded status (as eraft status --ctrlers %s prints it):", cluster.controllers());
        String table = ShardedStatusTable.format(ShardedStatus.gather(cluster.client(),
                LocalShardedCluster.CONTROLLER, STATUS_TIMEOUT));
        synchronized (out) {
            out.print(table);
            out.flush();
        }
    }

    private void serve() throws InterruptedException {
        String c = cluster.controllers().format();
        print("%nThe cluster serves until Ctrl-C%s. From another terminal:", options.duration() == null ? ""
                : " or " + options.duration().toMillis() / 1000.0 + " s");
        print("  eraft kv --ctrlers %s put hello world", c);
        print("  eraft kv --ctrlers %s get hello", c);
        print("  eraft ctl --ctrlers %s query", c);
        print("  eraft status --ctrlers %s", c);
        if (console != null) {
            print("  web console: %s", console.url());
        }
        if (options.duration() == null) {
            stopped.await();
        } else {
            pause(options.duration());
        }
    }

    /** The web console's port: the one after the cluster's, or any free port when there is none. */
    static int consolePort(DemoOptions options) {
        int port = options.basePort() + DemoOptions.PORTS;
        return port > 65_535 ? 0 : port;
    }

    /** Starts the web console, or says why there is none (the demo runs on without it). */
    private void startConsole() {
        int port = consolePort(options);
        ClusterView view = ClusterView.start(ShardedClusterSource.connect(cluster.controllers(),
                LocalShardedCluster.CONTROLLER, STATUS_TIMEOUT), "demo");
        view.touch(); // gather from the start, so the page shows the migration even when opened after it
        try {
            console = ConsoleServer.start(options.host(), port, view);
            print("Web console: %s (nodes, leaders, shard map and live charts of ops/s, latency, fsync, lag)",
                    console.url());
        } catch (IOException e) {
            print("No web console: cannot listen on %s:%d (%s)", options.host(), port, e.getMessage());
        }
    }

    private String startGroup() throws InterruptedException {
        String group = cluster.addGroup();
        print("Started %s: %s (leader %s)", group, cluster.members(group), statusOf(group).leader());
        return group;
    }

    private GroupStatus statusOf(String group) {
        return cluster.status().stream().filter(s -> s.group().equals(group)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group " + group));
    }

    /** Waits {@code time}; true when the demo was stopped meanwhile. */
    private boolean pause(Duration time) throws InterruptedException {
        return stopped.await(time.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void print(String format, Object... args) {
        synchronized (out) {
            out.printf(Locale.ROOT, format + "%n", args);
            out.flush();
        }
    }

    /** Ends {@link #run()} (the load stops, the cluster keeps running until {@link #close()}). */
    public void stop() {
        stopped.countDown();
    }

    /** Stops the load, the cluster and releases the data directory. */
    @Override
    public synchronized void close() {
        stop();
        try {
            if (console != null) {
                console.close();
                console = null;
            }
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
        } finally {
            if (dir != null) {
                dir.close();
                dir = null;
            }
        }
    }
}

package io.eraft.dist.bench;

import io.eraft.api.EraftException;
import io.eraft.dist.demo.LoadTicker;
import io.eraft.dist.demo.LoadWindow;
import io.eraft.dist.demo.LocalShardedCluster;
import io.eraft.dist.demo.PhaseSummary;
import io.eraft.dist.demo.ShardLoad;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.shard.ShardClerk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What sharding buys and what a migration costs, in one JVM: a controller of 3 and shard groups of 3 servers
 * ({@link LocalShardedCluster}: netty on loopback, segmented logs, a store each), loaded by closed-loop routing
 * clerks that find each key's group through the controller. (a) one group, (b) two groups: throughput (in all and
 * per owning group) and latency; (c) with two groups under load a third joins: throughput per window, the dip, the
 * time until every group serves all its shards, and the errors meanwhile.
 */
public final class ShardBenchmark {
    /** The throughput is read this often; the migration report lists these windows. */
    static final Duration WINDOW = Duration.ofMillis(100);
    /** How long the load runs on two groups and a started third before the Join (shorter when phases are). */
    private static final Duration BEFORE_JOIN = Duration.ofSeconds(1);
    /** How long a migration may take before the run gives up waiting for it. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What to run.
     *
     * @param dir           where the servers keep their data (emptied first by the caller)
     * @param store         the store provider
     * @param fsync         whether the Raft logs fsync
     * @param clients       closed-loop clients (routing clerks)
     * @param warmupSeconds unmeasured load before each measured phase
     * @param seconds       measured seconds of (a) and of (b)
     * @param afterSeconds  seconds measured after the migration settled
     * @param keys          distinct keys
     * @param valueBytes    bytes per written value
     * @param readRatio     the share of linearizable reads, 0 to 1
     * @param shards        the cluster's number of shards
     */
    public record Options(Path dir, String store, boolean fsync, int clients, double warmupSeconds, double seconds,
                          double afterSeconds, int keys, int valueBytes, double readRatio, int shards) {
        public Options {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(store, "store");
            if (clients < 1 || keys < 1 || shards < 1 || valueBytes < 0) {
                throw new IllegalArgumentException("clients, keys and shards must be >= 1 and the value size >= 0; "
                        + "got " + clients + ", " + keys + ", " + shards + ", " + valueBytes);
            }
            if (!(seconds > 0) || !(warmupSeconds >= 0) || !(afterSeconds >= 0)) {
                throw new IllegalArgumentException("the measured seconds must be > 0 and the warmup and after "
                        + "seconds >= 0; got " + seconds + ", " + warmupSeconds + ", " + afterSeconds);
            }
            if (!(readRatio >= 0 && readRatio <= 1)) {
                throw new IllegalArgumentException("the read ratio must be in 0..1, was " + readRatio);
            }
        }
    }

    private final Options options;
    private final Consumer<String> progress;

    /** @param progress receives a line as each step starts and ends */
    public ShardBenchmark(Options options, Consumer<String> progress) {
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Runs the three phases on one fresh cluster and reports them. */
    public ShardBenchReport run() throws InterruptedException {
        LocalShardedCluster.Options layout = LocalShardedCluster.Options.defaults(options.dir())
                .withStore(options.store()).withFsync(options.fsync()).withShards(options.shards());
        try (LocalShardedCluster cluster = LocalShardedCluster.start(layout)) {
            String g1 = cluster.addGroup();
            ShardConfig one = cluster.join(g1);
            awaitSettled(cluster, one);
            List<ShardClerk> clerks = new ArrayList<>();
            for (int i = 0; i < options.clients(); i++) {
                clerks.add(cluster.client().newClerk());
            }
            ShardLoad load = new ShardLoad(clerks, new ShardLoad.Spec(options.keys(), options.valueBytes(),
                    options.readRatio(), options.shards()));
            try (LoadTicker ticker = new LoadTicker(load, WINDOW, w -> { })) {
                load.start();
                PhaseSummary a = measure(ticker, "1 group", one).summary();

                String g2 = cluster.addGroup();
                ShardConfig two = cluster.join(g2);
                progress.accept(String.format(Locale.ROOT, "joined %s (configuration %d); waiting for its %d shards",
                        g2, two.num(), two.shardsOf(g2).size()));
                awaitSettled(cluster, two);
                Measured b = measure(ticker, "2 groups", two);

                MigrationReport c = migrate(cluster, ticker, two, b.windows());
                if (!load.stop(STOP_TIMEOUT)) {
                    progress.accept("some clients were still waiting for an operation after "
                            + STOP_TIMEOUT.toSeconds() + " s");
                }
                return new ShardBenchReport(options, Runtime.getRuntime().availableProcessors(), a, b.summary(), c,
                        load.firstError());
            } finally {
                load.close();
            }
        }
    }

    /** A measured phase and its windows. */
    private record Measured(PhaseSummary summary, List<LoadWindow> windows) {
    }

    /** Warms up, then measures {@code seconds}, splitting throughput by the owners in {@code config}. */
    private Measured measure(LoadTicker ticker, String name, ShardConfig config) throws InterruptedException {
        progress.accept(String.format(Locale.ROOT, "(%s) warming up %.1f s, measuring %.1f s", name,
                options.warmupSeconds(), options.seconds()));
        sleep(options.warmupSeconds());
        long start = System.nanoTime();
        sleep(options.seconds());
        long end = System.nanoTime();
        ticker.awaitWindowsUntil(end);
        List<LoadWindow> windows = ticker.windowsBetween(start, end);
        PhaseSummary s = PhaseSummary.of(name, windows, config);
        progress.accept(String.format(Locale.ROOT, "(%s) %.0f ops/s, p99 %.2f ms, %d errors", name,
                s.opsPerSecond(), s.total().p99Micros() / 1000, s.errors()));
        return new Measured(s, windows);
    }

    /** Starts a third group, joins it under load and follows the migration until settled and a while after. */
    private MigrationReport migrate(LocalShardedCluster cluster, LoadTicker ticker, ShardConfig before,
                                    List<LoadWindow> baseline) throws InterruptedException {
        String g3 = cluster.addGroup();
        double beforeJoin = Math.min(BEFORE_JOIN.toMillis() / 1000.0, options.seconds());
        sleep(beforeJoin);
        long join = System.nanoTime();
        ShardConfig three = cluster.join(g3);
        progress.accept(String.format(Locale.ROOT, "joined %s (configuration %d): %d shards move to it; waiting "
                + "until every group serves all its shards", g3, three.num(), three.shardsOf(g3).size()));
        boolean settled = cluster.awaitSettled(three.num(), SETTLE_TIMEOUT);
        long done = System.nanoTime();
        progress.accept(settled
                ? String.format(Locale.ROOT, "settled %.2f s after the join; measuring %.1f s more",
                        (done - join) / 1e9, options.afterSeconds())
                : "the migration did not settle within " + SETTLE_TIMEOUT.toSeconds() + " s: "
                        + LocalShardedCluster.describe(cluster.status()));
        sleep(options.afterSeconds());
        long end = System.nanoTime();
        ticker.awaitWindowsUntil(end);

        List<LoadWindow> listed = ticker.windowsBetween(join - Math.round(beforeJoin * 1e9), end);
        List<LoadWindow> during = listed.stream()
                .filter(w -> w.endNanos() - join > 0 && w.startNanos() - done < 0).toList();
        List<MigrationReport.Tick> ticks = listed.stream().map(w -> new MigrationReport.Tick(
                (w.startNanos() - join) / 1e9, w.seconds(), w.opsPerSecond(), w.errors(), during.contains(w)))
                .toList();
        MigrationReport.Tick lowest = ticks.stream().filter(MigrationReport.Tick::migrating)
                .min(Comparator.comparingDouble(MigrationReport.Tick::opsPerSecond)).orElse(null);
        List<LoadWindow> after = ticker.windowsBetween(done, end);
        return new MigrationReport(g3, three.num(), moved(before, three), settled, (done - join) / 1e9,
                during.stream().mapToLong(LoadWindow::errors).sum(), median(baseline), lowest, ticks,
                during.isEmpty() ? null : PhaseSummary.of("during migration", during, null),
                after.isEmpty() ? null : PhaseSummary.of("after migration", after, three));
    }

    private void awaitSettled(LocalShardedCluster cluster, ShardConfig config) throws InterruptedException {
        if (!cluster.awaitSettled(config.num(), SETTLE_TIMEOUT)) {
            throw new EraftException("the groups did not settle on configuration " + config.num()
                    + " within " + SETTLE_TIMEOUT.toSeconds() + " s: " + LocalShardedCluster.describe(
                    cluster.status()));
        }
    }

    /** The shards whose owner differs between the configurations. */
    static List<Integer> moved(ShardConfig from, ShardConfig to) {
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < to.shardCount(); s++) {
            if (!from.owner(s).equals(to.owner(s))) {
                out.add(s);
            }
        }
        return out;
    }

    /** The median ops/s of {@code windows}; 0 for none. */
    static double median(List<LoadWindow> windows) {
        double[] rates = windows.stream().mapToDouble(LoadWindow::opsPerSecond).sorted().toArray();
        if (rates.length == 0) {
            return 0;
        }
        int mid = rates.length / 2;
        return rates.length % 2 == 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep(Math.round(seconds * 1000));
    }
}

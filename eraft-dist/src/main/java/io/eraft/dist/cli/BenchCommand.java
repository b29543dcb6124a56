package io.eraft.dist.cli;

import io.eraft.dist.client.BenchOptions;
import io.eraft.dist.client.BenchReport;
import io.eraft.dist.client.BenchRunner;
import io.eraft.dist.client.ClusterClient;
import io.eraft.dist.client.ShardedClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code eraft bench}: a closed-loop KV workload against a running KV group ({@code --servers}) or sharded cluster
 * ({@code --ctrlers}: routing clerks find each key's group through the controller).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark a running KV group (--servers) or sharded cluster (--ctrlers: each key goes to "
                + "the group owning its shard, found through the controller): N closed-loop clients (one request "
                + "in flight each) doing linearizable gets and puts on uniformly chosen keys.",
                "Prints a progress line a second on stderr, then throughput and latency p50/p95/p99/p999/max per "
                        + "operation kind and the errors (--json: one JSON object on stdout)."})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-c", "--clients"}, defaultValue = "16", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = {"-d", "--duration"}, converter = DurationConverter.class,
            description = "How long to run, e.g. 30s (default 10s, unless --ops is given).")
    Duration duration;

    @Option(names = {"-n", "--ops"}, description = "Stop after this many operations in all.")
    Long ops;

    @Option(names = {"-k", "--keys"}, defaultValue = "10000", description = "Distinct keys (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--value-size", defaultValue = "128", description = "Bytes per written value (default ${DEFAULT-VALUE}).")
    int valueSize;

    @Option(names = {"-r", "--read-ratio"}, defaultValue = "0.5",
            description = "Share of reads, 0 to 1; the rest are puts (default ${DEFAULT-VALUE}).")
    double readRatio;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "An operation that takes longer, retries included, counts as an error (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
            description = "Run this long before measuring, e.g. 3s; timed runs only (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        CliLogging.forClient();
        BenchOptions options = ops != null
                ? (duration == null ? BenchOptions.counted(clients, ops, keys, valueSize, readRatio)
                        : new BenchOptions(clients, duration, ops, keys, valueSize, readRatio, Duration.ZERO))
                : BenchOptions.timed(clients, duration == null ? Duration.ofSeconds(10) : duration, keys, valueSize,
                        readRatio);
        options = options.withWarmup(warmup);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter info = json ? err : out;
        boolean sharded = cluster.isSharded();
        String target = sharded ? "the sharded cluster of controllers " + cluster.sharded.ctrlers + " (routing clerks)"
                : cluster.servers + " (group " + cluster.group + ")";
        info.printf("bench: %d clients against %s, %s%s, %d keys, %d-byte values, read ratio %.2f, %d cores%n",
                clients, target,
                options.duration() != null ? options.duration().toMillis() / 1000.0 + " s" : options.ops() + " ops",
                warmup.isZero() ? "" : " after " + warmup.toMillis() / 1000.0 + " s of warmup", keys, valueSize,
                readRatio, Runtime.getRuntime().availableProcessors());
        info.flush();
        Consumer<String> progress = line -> {
            err.println(line);
            err.flush();
        };
        BenchReport report;
        if (sharded) {
            try (ShardedClient client = cluster.connectSharded(timeout)) {
                report = new BenchRunner(options, client::newClerk, progress).run();
            }
        } else {
            try (ClusterClient client = cluster.connect(timeout)) {
                report = new BenchRunner(options, client::newClerk, progress).run();
            }
        }
        out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
        out.flush();
        return report.total().count() > 0 ? 0 : 1;
    }
}

package io.eraft.dist.cli;

import io.eraft.dist.client.BenchOptions;
import io.eraft.dist.client.BenchReport;
import io.eraft.dist.client.BenchRunner;
import io.eraft.dist.client.ClientConnection;
import io.eraft.dist.client.DiskFloor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

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
    /** fdatasyncs the disk floor times (about 0.1 s on a disk whose fdatasync takes 200 us). */
    private static final int FLOOR_SAMPLES = 500;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    LoadOptions load = new LoadOptions(16);

    @Mixin
    ReportOutput output;

    @Option(names = {"-d", "--duration"}, converter = DurationConverter.class,
            description = "How long to run, e.g. 30s (default 10s, unless --ops is given).")
    Duration duration;

    @Option(names = {"-n", "--ops"}, description = "Stop after this many operations in all.")
    Long ops;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "An operation that takes longer, retries included, counts as an error (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
            description = "Run this long before measuring, e.g. 3s; timed runs only (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--disk-floor", defaultValue = ".", paramLabel = "DIR",
            description = "Before the run, time fdatasyncs of 4 KiB appends in DIR (the disk the servers' logs are "
                    + "on, when they run on this machine) and print their p50/p99 beside the figures, with the "
                    + "writes' p50 as a multiple of it; 'none' skips it (default: the working directory).")
    String diskFloor;

    @Override
    public Integer call() throws InterruptedException {
        CliLogging.forClient();
        BenchOptions options = ops != null
                ? (duration == null ? BenchOptions.counted(load.clients, ops, load.keys, load.valueSize, load.readRatio)
                        : new BenchOptions(load.clients, duration, ops, load.keys, load.valueSize, load.readRatio,
                                Duration.ZERO))
                : BenchOptions.timed(load.clients, duration == null ? Duration.ofSeconds(10) : duration, load.keys,
                        load.valueSize, load.readRatio);
        options = options.withWarmup(warmup);
        String target = cluster.isSharded()
                ? "the sharded cluster of controllers " + cluster.sharded.ctrlers + " (routing clerks)"
                : cluster.servers + " (group " + cluster.group + ")";
        output.info(String.format("bench: %d clients against %s, %s%s, %d keys, %d-byte values, read ratio %.2f, "
                + "%d cores%n", load.clients, target,
                options.duration() != null ? options.duration().toMillis() / 1000.0 + " s" : options.ops() + " ops",
                warmup.isZero() ? "" : " after " + warmup.toMillis() / 1000.0 + " s of warmup", load.keys,
                load.valueSize, load.readRatio, Runtime.getRuntime().availableProcessors()));
        DiskFloor floor = diskFloor.equals("none") ? null : DiskFloor.measure(Path.of(diskFloor), FLOOR_SAMPLES);
        BenchReport report;
        try (ClientConnection client = cluster.connectAny(timeout)) {
            report = new BenchRunner(options, client::newClerk, ReportOutput.lines(output.err(), "")).run();
        }
        if (floor != null) {
            report = report.withFloor(floor);
        }
        return output.printReport(report::toText, report::toJson, report.total().count());
    }
}

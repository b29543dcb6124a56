package io.eraft.dist.cli;

import io.eraft.dist.bench.ShardBenchReport;
import io.eraft.dist.bench.ShardBenchmark;
import io.eraft.dist.demo.ScratchDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code eraft bench-shard}: throughput with 1 and 2 shard groups, and a third group joining under load. */
@Command(name = "bench-shard", mixinStandardHelpOptions = true,
        description = {"Benchmark sharding in one JVM: a controller of 3 and shard groups of 3 servers (netty on "
                + "loopback, durable logs), N closed-loop clients routing each key through the controller's "
                + "configuration.",
                "(a) 1 group and (b) 2 groups: ops/s in all and per owning group, p50/p99/p999, the ratio; "
                        + "(c) a third group joins under load: ops/s per 100 ms window, the dip, the migration's "
                        + "duration and its errors. On one machine the groups share its cores and disk."})
final class ShardBenchCommand implements Callable<Integer> {
    @Mixin
    LoadOptions load = new LoadOptions(32);

    @Mixin
    StorageOptions storage;

    @Mixin
    ReportOutput output;

    @Option(names = "--dir", defaultValue = "eraft-data/bench-shard",
            description = "Work directory, emptied at start (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--seconds", defaultValue = "10",
            description = "Measured seconds of (a) and of (b) (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "2",
            description = "Unmeasured seconds before (a) and (b) (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--after", defaultValue = "3",
            description = "Seconds measured after the migration settled (default ${DEFAULT-VALUE}).")
    double after;

    @Option(names = "--shards", defaultValue = "16", description = "Shards (default ${DEFAULT-VALUE}).")
    int shards;

    @Override
    public Integer call() throws InterruptedException {
        CliLogging.forClient();
        try (ScratchDirectory work = ScratchDirectory.claim(dir, "eraft bench-shard", "--dir")) {
            ShardBenchmark.Options options = new ShardBenchmark.Options(work.path(), storage.store, storage.fsync,
                    load.clients, warmup, seconds, after, load.keys, load.valueSize, load.readRatio, shards);
            output.info(ShardBenchReport.header(options, Runtime.getRuntime().availableProcessors()));
            ShardBenchReport report = new ShardBenchmark(options, ReportOutput.lines(output.info(), "  ")).run();
            return output.printReport(() -> System.lineSeparator() + report.toText(), report::toJson,
                    report.twoGroups().total().count());
        }
    }
}

package io.eraft.dist.cli;

import io.eraft.dist.bench.ShardBenchReport;
import io.eraft.dist.bench.ShardBenchmark;
import io.eraft.dist.demo.ScratchDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
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
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", defaultValue = "eraft-data/bench-shard",
            description = "Work directory, emptied at start (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = {"-c", "--clients"}, defaultValue = "32", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "10",
            description = "Measured seconds of (a) and of (b) (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "2",
            description = "Unmeasured seconds before (a) and (b) (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--after", defaultValue = "3",
            description = "Seconds measured after the migration settled (default ${DEFAULT-VALUE}).")
    double after;

    @Option(names = {"-k", "--keys"}, defaultValue = "10000", description = "Distinct keys (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--value-size", defaultValue = "128", description = "Bytes per written value (default ${DEFAULT-VALUE}).")
    int valueSize;

    @Option(names = {"-r", "--read-ratio"}, defaultValue = "0.5",
            description = "Share of linearizable reads, 0 to 1; the rest are puts (default ${DEFAULT-VALUE}).")
    double readRatio;

    @Option(names = "--shards", defaultValue = "16", description = "Shards (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--store", defaultValue = "leveldb",
            description = "Store provider: leveldb or lmdb (default ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--fsync", defaultValue = "true", arity = "1",
            description = "fsync the Raft logs (default ${DEFAULT-VALUE}); false only to see what fsync costs.")
    boolean fsync;

    @Option(names = "--json", description = "Print the result as one JSON object (progress goes to stderr).")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        CliLogging.forClient();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter info = json ? spec.commandLine().getErr() : out;
        try (ScratchDirectory work = ScratchDirectory.claim(dir, "eraft bench-shard", "--dir")) {
            ShardBenchmark.Options options = new ShardBenchmark.Options(work.path(), store, fsync, clients, warmup,
                    seconds, after, keys, valueSize, readRatio, shards);
            info.print(ShardBenchReport.header(options, Runtime.getRuntime().availableProcessors()));
            info.flush();
            ShardBenchReport report = new ShardBenchmark(options, line -> {
                info.println("  " + line);
                info.flush();
            }).run();
            out.print(json ? report.toJson() + System.lineSeparator() : System.lineSeparator() + report.toText());
            out.flush();
            return report.twoGroups().total().count() > 0 ? 0 : 1;
        }
    }
}

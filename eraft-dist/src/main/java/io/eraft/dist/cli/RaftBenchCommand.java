package io.eraft.dist.cli;

import io.eraft.dist.bench.RaftBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code eraft bench-raft}: Raft commit throughput and latency in one JVM with durable logs. */
@Command(name = "bench-raft", mixinStandardHelpOptions = true,
        description = "Benchmark Raft: a group in one JVM over the in-process transport, durable logs, "
                + "N closed-loop proposers. Prints entries/s, latency percentiles and entries per fsync.")
final class RaftBenchCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "eraft-data/bench-raft", description = "Work directory (wiped per run).")
    Path dir;

    @Option(names = "--nodes", defaultValue = "3", description = "Group size (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--proposers", split = ",", defaultValue = "1,16,256",
            description = "Concurrent proposers, one run each (default ${DEFAULT-VALUE}).")
    List<Integer> proposers;

    @Option(names = "--command-bytes", defaultValue = "128", description = "Command size (default ${DEFAULT-VALUE}).")
    int commandBytes;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up seconds per run (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--fsync", defaultValue = "true", arity = "1",
            description = "fsync the logs (default ${DEFAULT-VALUE}); false only to see what fsync costs.")
    boolean fsync;

    @Option(names = "--log", defaultValue = "segmented", description = "Log store provider (default ${DEFAULT-VALUE}).")
    String log;

    @Override
    public Integer call() throws Exception {
        System.out.printf("bench-raft: %d nodes, %d-byte commands, fsync=%s, log=%s, %d cores%n", nodes,
                commandBytes, fsync, log, Runtime.getRuntime().availableProcessors());
        System.out.println(RaftBenchmark.header());
        new RaftBenchmark(new RaftBenchmark.Options(dir, nodes, proposers, commandBytes, warmup, seconds, fsync, log),
                System.out).run();
        return 0;
    }
}

package io.eraft.dist.cli;

import io.eraft.dist.store.StoreBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code eraft bench-store}: put, batched put, get and prefix-scan throughput of each store provider. */
@Command(name = "bench-store", mixinStandardHelpOptions = true,
        description = "Benchmark the store providers through the SPI: put, batched put (100 per batch), get and "
                + "prefix scan (100 keys) with 16-byte keys and 128-byte values, one thread, default options. "
                + "Prints ops/s for each and the core count.")
final class StoreBenchCommand implements Callable<Integer> {
    @Option(names = "--store", split = ",", defaultValue = "leveldb,lmdb",
            description = "Store providers to benchmark, one run each (default ${DEFAULT-VALUE}).")
    List<String> stores;

    @Option(names = "--dir", defaultValue = "eraft-data/bench-store",
            description = "Work directory; each store uses DIR/<name>, wiped first (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--keys", defaultValue = "100000",
            description = "Keys filled in before the workloads run (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up seconds per workload (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per workload (default ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call() {
        new StoreBenchmark(new StoreBenchmark.Options(stores, dir, warmup, seconds, keys), System.out).run();
        return 0;
    }
}

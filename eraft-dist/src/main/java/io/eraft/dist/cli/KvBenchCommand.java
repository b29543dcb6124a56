package io.eraft.dist.cli;

import io.eraft.dist.bench.KvBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code eraft bench-kv}: writes/s, linearizable reads/s and latency of the replicated KV service. */
@Command(name = "bench-kv", mixinStandardHelpOptions = true,
        description = "Benchmark the replicated KV service: a group of KV servers in one JVM over the in-process "
                + "transport, durable Raft logs, a store per server, N closed-loop clerks. Prints writes/s and "
                + "linearizable (ReadIndex) reads/s with latency percentiles, per client count.")
final class KvBenchCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "eraft-data/bench-kv", description = "Work directory (wiped per run).")
    Path dir;

    @Option(names = "--nodes", defaultValue = "3", description = "Servers in the group (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--clients", split = ",", defaultValue = "1,64,256",
            description = "Concurrent clerks, one run each (default ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Mixin
    StorageOptions storage;

    @Option(names = "--store-option", description = "A store provider option, name=value (repeatable).")
    Map<String, String> storeOptions = new TreeMap<>();

    @Option(names = "--transport", defaultValue = "inprocess",
            description = "Transport provider: inprocess, or netty on loopback (default ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--log", defaultValue = "segmented", description = "Log store provider (default ${DEFAULT-VALUE}).")
    String log;

    @Option(names = "--keys", defaultValue = "10000", description = "Distinct keys (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--key-bytes", defaultValue = "16", description = "Key size (default ${DEFAULT-VALUE}).")
    int keyBytes;

    @Option(names = "--value-bytes", defaultValue = "128", description = "Value size (default ${DEFAULT-VALUE}).")
    int valueBytes;

    @Option(names = "--warmup", defaultValue = "2", description = "Warm-up seconds per phase (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--seconds", defaultValue = "5",
            description = "Measured seconds of writes, then of reads, per run (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--metrics", split = ",", defaultValue = "off",
            description = "Run each client count with metrics off, on, or both (off,on: alternating, with a cost "
                    + "table at the end). On: every server records into its own Prometheus registry, scraped once a "
                    + "second (default ${DEFAULT-VALUE}).")
    List<String> metrics;

    @Option(names = "--passes", defaultValue = "1",
            description = "Runs of each client count under every --metrics setting (default ${DEFAULT-VALUE}).")
    int passes;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || keys < 1 || keyBytes < 1 || valueBytes < 0 || clients.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("--nodes, --keys, --key-bytes and every --clients value must be "
                    + ">= 1, and --value-bytes >= 0");
        }
        List<KvBenchmark.MetricsMode> modes = metricsModes();
        System.out.printf("bench-kv: %d nodes, transport=%s, store=%s %s, log=%s fsync=%s, %d keys of %d bytes, "
                + "%d-byte values, %d cores%n", nodes, transport, storage.store, storeOptions, log, storage.fsync, keys,
                keyBytes, valueBytes, Runtime.getRuntime().availableProcessors());
        System.out.println(KvBenchmark.header());
        new KvBenchmark(new KvBenchmark.Options(dir, nodes, clients, storage.store, Map.copyOf(storeOptions), log,
                storage.fsync, keys, keyBytes, valueBytes, warmup, seconds, transport, modes, passes),
                System.out).run();
        return 0;
    }

    private List<KvBenchmark.MetricsMode> metricsModes() {
        List<KvBenchmark.MetricsMode> modes = new java.util.ArrayList<>();
        for (String m : metrics) {
            switch (m.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "off" -> modes.add(KvBenchmark.MetricsMode.OFF);
                case "on" -> modes.add(KvBenchmark.MetricsMode.ON);
                default -> throw new IllegalArgumentException("--metrics takes off, on, or off,on; not '" + m + "'");
            }
        }
        if (passes < 1) {
            throw new IllegalArgumentException("--passes must be >= 1, not " + passes);
        }
        return modes;
    }
}

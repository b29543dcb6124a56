package io.eraft.dist.cli;

import io.eraft.dist.bench.MembershipBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code eraft bench-member}: catch-up time of a new member and the writes/s dip during a membership change. */
@Command(name = "bench-member", mixinStandardHelpOptions = true,
        description = "Benchmark a membership change: 3 KV servers in one JVM on loopback (netty, fsync'd logs) are "
                + "loaded with --data of values; then, under closed-loop writers, a 4th server joins empty, is added "
                + "as a learner, catches up from a streamed snapshot and the log, is promoted and removed. Prints "
                + "the catch-up time, the snapshot throughput (MB/s) and writes/s before, during and after, second "
                + "by second.")
final class MemberBenchCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "eraft-data/bench-member", description = "Work directory (wiped first).")
    Path dir;

    @Option(names = "--data", defaultValue = "100m", converter = ByteSizeConverter.class,
            description = "Bytes of values in the store before the change, e.g. 100m, 1g (default ${DEFAULT-VALUE}).")
    long dataBytes;

    @Option(names = "--value-bytes", defaultValue = "4096", description = "Size of each loaded value (default "
            + "${DEFAULT-VALUE}).")
    int valueBytes;

    @Option(names = "--writers", defaultValue = "16", description = "Closed-loop writers during the change "
            + "(default ${DEFAULT-VALUE}).")
    int writers;

    @Mixin
    StorageOptions storage;

    @Override
    public Integer call() throws Exception {
        CliLogging.forClient();
        if (dataBytes < 1 || valueBytes < 1 || writers < 1) {
            throw new IllegalArgumentException("--data, --value-bytes and --writers must be >= 1");
        }
        System.out.printf("bench-member: 3 servers + 1 joining, store=%s fsync=%s, %d-byte values, %d writers, "
                + "%d cores%n", storage.store, storage.fsync, valueBytes, writers,
                Runtime.getRuntime().availableProcessors());
        new MembershipBenchmark(dir, dataBytes, valueBytes, writers, storage.store, storage.fsync).run(System.out);
        return 0;
    }
}

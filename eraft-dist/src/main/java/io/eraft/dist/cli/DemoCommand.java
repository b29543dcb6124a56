package io.eraft.dist.cli;

import io.eraft.dist.demo.Demo;
import io.eraft.dist.demo.DemoOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code eraft demo}: a sharded cluster in this process, a load through a migration, its status, until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a sharded cluster in this process on loopback: 3 controllers and 2 shard groups of 3 "
                + "servers (netty, fsync on, LevelDB under ./eraft-data/demo by default). Run a load through the "
                + "controller's routing with a line a second, join a third group under it and show the shards "
                + "moving until every group serves all its shards, then a summary and the sharded status; serve "
                + "until Ctrl-C (or --duration).",
                "The data directory is emptied at start (only one an earlier demo or benchmark left)."})
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", defaultValue = "eraft-data/demo",
            description = "Data directory; server gK-i uses DIR/gK-i (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--base-port", defaultValue = "7101",
            description = "The controllers listen on 127.0.0.1:BASE..BASE+2, the groups on the next 9 ports "
                    + "(default ${DEFAULT-VALUE}).")
    int basePort;

    @Mixin
    StorageOptions storage;

    @Option(names = {"-c", "--clients"}, defaultValue = "16",
            description = "Closed-loop clients of the load (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--value-size", defaultValue = "128",
            description = "Bytes per written value (default ${DEFAULT-VALUE}).")
    int valueSize;

    @Option(names = "--bench-time", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long the load runs on 2 groups before the third joins (default ${DEFAULT-VALUE}).")
    Duration benchTime;

    @Option(names = "--after", defaultValue = "3s", converter = DurationConverter.class,
            description = "How long the load runs after the migration settled (default ${DEFAULT-VALUE}).")
    Duration after;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Stop after serving this long once the steps are done (default: until Ctrl-C).")
    Duration duration;

    @Override
    public Integer call() throws InterruptedException {
        CliLogging.forClient();
        DemoOptions options = new DemoOptions(dir, "127.0.0.1", basePort, storage.store, storage.fsync, clients,
                valueSize, benchTime, after, duration);
        CountDownLatch closed = new CountDownLatch(1);
        try (Demo demo = new Demo(options, spec.commandLine().getOut())) {
            Thread hook = new Thread(() -> {
                demo.stop();
                awaitQuietly(closed);
            }, "eraft-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                demo.run();
            } finally {
                removeHook(hook);
            }
        } finally {
            closed.countDown();
        }
        spec.commandLine().getOut().println("Demo stopped.");
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static void awaitQuietly(CountDownLatch closed) {
        try {
            closed.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drops the hook once the demo ended by itself (no-op while the JVM is already shutting down). */
    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it waits for the close below
        }
    }
}

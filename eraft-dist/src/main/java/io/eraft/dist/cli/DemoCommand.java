package io.eraft.dist.cli;

import io.eraft.dist.demo.Demo;
import io.eraft.dist.demo.DemoOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code eraft demo}: a 3-node group in this process, a short benchmark and its status, until Ctrl-C. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a 3-node KV group in this process on loopback (netty, fsync on, LevelDB under "
                + "./eraft-data/demo by default), run a short benchmark, print the status, and serve until Ctrl-C "
                + "(or --duration).")
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", defaultValue = "eraft-data/demo",
            description = "Data directory; node nX uses DIR/nX, kept across runs (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--base-port", defaultValue = "7101",
            description = "Node nX listens on 127.0.0.1:BASE+X-1 (default ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--store", defaultValue = "leveldb", description = "Store provider (default ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--bench-clients", defaultValue = "16",
            description = "Clients of the short benchmark (default ${DEFAULT-VALUE}).")
    int benchClients;

    @Option(names = "--bench-time", defaultValue = "5s", converter = DurationConverter.class,
            description = "Length of the short benchmark; 0 skips it (default ${DEFAULT-VALUE}).")
    Duration benchTime;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Stop after serving this long (default: until Ctrl-C).")
    Duration duration;

    @Override
    public Integer call() throws InterruptedException {
        CliLogging.forClient();
        DemoOptions options = new DemoOptions(dir, "127.0.0.1", basePort, store, benchClients, benchTime, duration);
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

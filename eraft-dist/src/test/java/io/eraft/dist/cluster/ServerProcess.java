package io.eraft.dist.cluster;

import io.eraft.api.transport.NodeId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code eraft server} (or {@code eraft ctrler}) JVM started from the jlink image (its own {@code bin/java}, so
 * that {@link #kill()} is a SIGKILL of the server itself, not of a launcher shell). Its stdout and stderr go to a log
 * file that accumulates across restarts.
 */
final class ServerProcess {
    static final Path IMAGE = Path.of(System.getProperty("eraft.image", "target/eraft-image")).toAbsolutePath();
    /** Small heaps and the C1 compiler only: several servers share two cores in the tests. */
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    final NodeId id;
    private final String command;
    private final List<String> serverArgs;
    private final Path log;
    private Process process;

    ServerProcess(NodeId id, List<String> serverArgs, Path log) {
        this(id, "server", serverArgs, log);
    }

    /** @param command the eraft subcommand that runs the server: {@code server} or {@code ctrler} */
    ServerProcess(NodeId id, String command, List<String> serverArgs, Path log) {
        this.id = id;
        this.command = command;
        this.serverArgs = List.copyOf(serverArgs);
        this.log = log;
    }

    void start() {
        if (alive()) {
            throw new IllegalStateException(id + " is already running");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(IMAGE.resolve("bin/java").toString());
        cmd.addAll(JVM);
        cmd.addAll(List.of("-m", "io.eraft.dist/io.eraft.dist.Main", command));
        cmd.addAll(serverArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    /** {@code kill -9}: no shutdown hook, no flush; waits until the process is gone. */
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(id + " survived SIGKILL for 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the kill was sent; the caller is being stopped
            }
        }
    }

    /** SIGTERM; returns the exit code once the server has shut down. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(id + " did not stop within 30 s of SIGTERM; log:\n" + logTail());
        }
        return process.exitValue();
    }

    /** Waits (up to {@code timeout}) for the process to exit by itself; returns its exit status. */
    int awaitExit(java.time.Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(id + " did not exit within " + timeout + "; log:\n" + logTail());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The last lines of the server's log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}

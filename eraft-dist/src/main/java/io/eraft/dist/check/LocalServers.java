package io.eraft.dist.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A KV group of {@code eraft server} processes on loopback that a check starts for itself: each server reaches each
 * other one through its own {@link TcpProxy}, so a link can be cut, and each can be killed, paused, restarted, and
 * have the tail of its log torn. Clients reach the servers directly. The group has a fixed cluster id; a foreign
 * node (another cluster's, with the same ids) can be started against it.
 */
final class LocalServers implements AutoCloseable {
    static final String CLUSTER_ID = "c0ffee00c0ffee01";
    /** What a server's log says once it serves (EraftServer's start line). */
    static final String SERVING = " serving on ";

    private final List<String> launcher;
    private final Path dir;
    private final int size;
    private final int[] ports;
    /** proxies[i][j]: how server i reaches server j. */
    private final TcpProxy[][] proxies;
    private final Process[] processes;
    private Process foreign;

    LocalServers(List<String> launcher, Path dir, int size) throws IOException {
        this.launcher = List.copyOf(launcher);
        this.dir = dir;
        this.size = size;
        this.ports = freePorts(size + 1);
        this.proxies = new TcpProxy[size][size];
        this.processes = new Process[size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                if (i != j) {
                    proxies[i][j] = new TcpProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[j]));
                }
            }
        }
    }

    int size() {
        return size;
    }

    static String id(int i) {
        return "n" + (i + 1);
    }

    /** The client's view: every server at its own port. */
    String servers() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            parts.add(id(i) + "=127.0.0.1:" + ports[i]);
        }
        return String.join(",", parts);
    }

    private String peersOf(int i) {
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < size; j++) {
            parts.add(id(j) + "=127.0.0.1:" + (i == j ? ports[j] : proxies[i][j].port()));
        }
        return String.join(",", parts);
    }

    Path dataDir(int i) {
        return dir.resolve(id(i));
    }

    void startAll() throws IOException {
        for (int i = 0; i < size; i++) {
            start(i);
        }
    }

    void start(int i) throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of("server", "--id", id(i), "--peers", peersOf(i), "--data-dir", dataDir(i).toString(),
                "--cluster-id", CLUSTER_ID));
        processes[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(id(i) + ".log").toFile())).start();
    }

    /** Whether server i's process is running; its exit status otherwise. */
    Integer exitStatus(int i) {
        Process p = processes[i];
        return p == null || p.isAlive() ? null : p.exitValue();
    }

    void kill(int i) throws InterruptedException {
        processes[i].destroyForcibly();
        processes[i].waitFor(10, TimeUnit.SECONDS);
    }

    void pause(int i, boolean stop) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", stop ? "-STOP" : "-CONT", Long.toString(processes[i].pid()))
                .redirectErrorStream(true).start();
        k.getInputStream().readAllBytes();
        k.waitFor(5, TimeUnit.SECONDS);
    }

    /** Cuts (or heals) every link to and from server i. */
    void isolate(int i, boolean cut) {
        for (int j = 0; j < size; j++) {
            if (i != j) {
                proxies[i][j].block(cut);
                proxies[j][i].block(cut);
            }
        }
    }

    /**
     * Appends bytes to the last segment of stopped server i's log: a write torn before it was synced, which the log
     * cuts when it opens. Returns the file.
     */
    Path tearLogTail(int i, byte[] garbage) throws IOException {
        Path log = dataDir(i).resolve("log");
        Path last;
        try (Stream<Path> files = Files.list(log)) {
            last = files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new IOException("no segment in " + log));
        }
        Files.write(last, garbage, StandardOpenOption.APPEND);
        return last;
    }

    /**
     * Starts a node of another cluster (its own token) that uses this group's ids and points its peers at this
     * group's servers, as a config file copied between clusters would; its messages must all be refused.
     */
    void startForeign() throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        StringBuilder peers = new StringBuilder(id(0) + "=127.0.0.1:" + ports[size]);
        for (int j = 1; j < size; j++) {
            peers.append(',').append(id(j)).append("=127.0.0.1:").append(ports[j]);
        }
        cmd.addAll(List.of("server", "--id", id(0), "--peers", peers.toString(), "--data-dir",
                dir.resolve("foreign").toString(), "--cluster-token", "another-cluster"));
        foreign = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("foreign.log").toFile())).start();
    }

    /** Waits until the foreign node serves (its log says so); false after {@code millis} or when it exited. */
    boolean awaitForeignServing(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        Path log = dir.resolve("foreign.log");
        while (System.currentTimeMillis() < end && foreign != null && foreign.isAlive()) {
            try {
                if (Files.exists(log) && Files.readString(log).contains(SERVING)) {
                    return true;
                }
            } catch (IOException e) {
                // not written yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Stops the foreign node with SIGTERM, so its log is complete. */
    void stopForeign() throws InterruptedException {
        if (foreign != null) {
            terminate(foreign);
            foreign = null;
        }
    }

    private static void terminate(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Heals every fault: links restored, paused servers continued, stopped servers started again. */
    void healAll() throws IOException, InterruptedException {
        for (int i = 0; i < size; i++) {
            isolate(i, false);
            if (processes[i] != null && processes[i].isAlive()) {
                pause(i, false);
            }
        }
        stopForeign();
    }

    /** How many times server i's log (all its runs) says it is serving: one more after each start that came up. */
    int servingCount(int i) {
        try {
            String log = Files.readString(dir.resolve(id(i) + ".log"));
            int n = 0;
            for (int at = log.indexOf(SERVING); at >= 0; at = log.indexOf(SERVING, at + 1)) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return 0; // not written yet
        }
    }

    String logTail(int i) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(id(i) + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops every server with SIGTERM (their logs complete), closes the proxies. */
    @Override
    public void close() {
        for (int i = 0; i < size; i++) {
            if (processes[i] != null) {
                try {
                    pause(i, false);
                } catch (IOException | InterruptedException e) {
                    // stopping it below anyway
                }
                processes[i].destroy();
            }
            for (int j = 0; j < size; j++) {
                if (proxies[i][j] != null) {
                    proxies[i][j].close();
                }
            }
        }
        try {
            stopForeign();
            for (Process p : processes) {
                if (p != null) {
                    terminate(p);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (Process p : processes) {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                out[i] = s.getLocalPort();
            }
            return out;
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Every server's status line for the report: running, or its exit status and last log lines. */
    Map<String, String> states() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            Integer exit = exitStatus(i);
            out.put(id(i), exit == null ? "running" : "exited " + exit + ": " + logTail(i));
        }
        return out;
    }
}

package io.eraft.dist.cli;

import io.eraft.dist.check.CheckRun;
import io.eraft.dist.check.Fault;
import io.eraft.dist.client.ClientAccess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code eraft check}: a recorded workload against a KV group, judged by the built-in linearizability checker; with
 * {@code --local N}, against a group it starts itself and injects faults into.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Run concurrent clients (get, put, append, cas on a small key set) against a KV group, record "
                + "every operation (ok, fail = not applied, info = outcome unknown), read every key back, and judge "
                + "the history with the built-in linearizability checker and an audit of acknowledged appends "
                + "(lost or duplicated writes).",
                "With --local N it starts N servers of its own on loopback (each link through a proxy it controls) "
                + "and injects faults while the load runs: kill -9 and restart, SIGSTOP/SIGCONT, partitions, a torn "
                + "log tail, a node of another cluster with the same ids, and crafted Raft messages (a huge term, a "
                + "transfer vote, an overwriting append, a forged snapshot) from client connections naming a member, "
                + "which must all be refused."},
        footer = {"", "Exit status: 0 passed; 1 a violation (not linearizable, acknowledged writes lost or duplicated, "
                + "a server that did not survive a fault, a forged message that was not refused); 2 error; "
                + "5 undecided (the checker ran out of time)."})
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-s", "--servers"}, paramLabel = "ID=HOST:PORT,...",
            description = "A running KV group's servers (no faults are injected into it).")
    String servers;

    @Option(names = {"-g", "--group"}, defaultValue = "kv", description = "The KV group (default ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--local", paramLabel = "N", description = "Start N servers (3 or 5) and inject faults.")
    Integer local;

    @Option(names = "--faults", defaultValue = "all", paramLabel = "LIST",
            description = "With --local: kill, pause, partition, damage-tail, foreign, forged, all or none (default "
                    + "${DEFAULT-VALUE}).")
    String faults;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--keys", defaultValue = "10", description = "Keys, half of them append-only logs (default "
            + "${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long the load runs (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--seed", description = "Seed of the workload and the fault schedule (default: random).")
    Long seed;

    @Option(names = "--history", paramLabel = "FILE", description = "Where to write the history (default: "
            + "check-history.txt in the working directory, or in --work-dir with --local).")
    Path history;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "With --local: where the servers keep their "
            + "data and logs (default: a new temporary directory).")
    Path workDir;

    @Option(names = "--check-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long the checker may search (default ${DEFAULT-VALUE}).")
    Duration checkTimeout;

    @Option(names = "--eraft", paramLabel = "PATH", description = "With --local: the eraft launcher that starts the "
            + "servers (default: the one running this command).")
    Path launcher;

    @Mixin
    TlsOptions tls;

    @Override
    public Integer call() throws Exception {
        if ((servers == null) == (local == null)) {
            throw new IllegalArgumentException("give either --servers id=host:port,... (a running group) or "
                    + "--local N (a group the check starts and injects faults into)");
        }
        if (local != null && (local < 1 || local > 9)) {
            throw new IllegalArgumentException("--local takes 1 to 9 servers, got " + local);
        }
        var chosen = Fault.parse(local == null ? "none" : faults);
        CliLogging.forClient();
        long s = seed != null ? seed : new java.security.SecureRandom().nextLong();
        Path dir = local == null ? null : workDir != null ? Files.createDirectories(workDir)
                : Files.createTempDirectory("eraft-check-");
        Path file = history != null ? history
                : (dir != null ? dir : Path.of("")).resolve("check-history.txt").toAbsolutePath();
        spec.commandLine().getOut().println("seed " + s + " (repeat with --seed " + s + ")");
        CheckRun.Options options = new CheckRun.Options(clients, keys, duration,
                chosen, s, file, checkTimeout);
        return CheckRun.execute(options, servers, group, ClientAccess.CLIENT.withTls(tls.files()),
                local == null ? 0 : local, launcher == null ? null : List.of(launcher.toString()), dir,
                spec.commandLine().getOut());
    }
}

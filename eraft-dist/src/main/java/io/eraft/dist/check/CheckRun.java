package io.eraft.dist.check;

import io.eraft.api.cluster.ClusterId;
import io.eraft.dist.client.ClientAccess;
import io.eraft.dist.client.ClientConnection;
import io.eraft.dist.client.ClusterClient;
import io.eraft.dist.client.NodeProbe;
import io.eraft.dist.client.StatusProbe;
import io.eraft.dist.server.PeerList;
import io.eraft.shardkv.linearizability.CheckResult;
import io.eraft.shardkv.linearizability.LinearizabilityChecker;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One check: runs the {@link Workload} for its duration against a KV group (with a {@link FaultInjector} when the
 * group is {@link LocalServers}), heals every fault, reads every key back, audits the log keys and judges the whole
 * history with the {@link LinearizabilityChecker}.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class CheckRun {
    /** What a check runs. */
    public record Options(int clients, int keys, Duration duration, Set<Fault> faults, long seed, Path history,
                          Duration checkTimeout) {
    }

    private final Options options;
    private final PrintWriter out;

    /**
     * Runs a check against the group at {@code servers} (ids and addresses), or, when {@code localSize > 0}, against
     * a group of that many server processes it starts under {@code workDir} and injects faults into. Prints the
     * report and returns its exit status: 0 passed, 1 a violation (not linearizable, acknowledged writes lost or
     * duplicated, a server that did not survive a fault, a forged Raft message that was not refused), 5 undecided
     * (the checker ran out of time).
     *
     * @param launcher the command that starts an {@code eraft} process, or null for this process's own
     */
    public static int execute(Options options, String servers, String group, ClientAccess access, int localSize,
                              List<String> launcher, Path workDir, PrintWriter out)
            throws IOException, InterruptedException {
        LocalServers local = null;
        try {
            PeerList peers;
            if (localSize > 0) {
                local = new LocalServers(launcher != null ? launcher : ServerLauncher.ofThisProcess(), workDir,
                        localSize);
                local.startAll();
                peers = PeerList.parse(local.servers(), "--local");
                out.println("started " + localSize + " servers (" + local.servers() + ") under " + workDir);
            } else {
                peers = PeerList.parse(servers, "--servers");
            }
            try (ClusterClient client = ClusterClient.connect(peers, group, access, Duration.ofSeconds(10))) {
                awaitLeader(client, peers);
                CheckReport report = new CheckRun(options, out).run(client, peers, local, access);
                report.print(out);
                return report.exitCode();
            }
        } finally {
            if (local != null) {
                local.close();
            }
            out.flush();
        }
    }

    private static void awaitLeader(ClientConnection client, PeerList peers) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (NodeProbe p : StatusProbe.probe(client.transport(), peers, Duration.ofSeconds(1))) {
                if (p.online() && p.status().role() == io.eraft.api.raft.Role.LEADER) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no leader among " + peers + " within 60 s; check with: eraft status "
                + "--servers " + peers.format());
    }

    CheckRun(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Runs the check; {@code local} is null for a group the check did not start (no faults are injected then).
     *
     * @param servers the group's servers, for status probes
     * @param access  how the check connects, also when it sends forged Raft messages
     */
    CheckReport run(ClusterClient client, PeerList servers, LocalServers local, ClientAccess access)
            throws IOException, InterruptedException {
        Recorder recorder = new Recorder();
        Workload workload = new Workload(options.clients(), options.keys(), options.seed());
        FaultInjector faults = null;
        Thread injector = null;
        if (local != null) {
            ClusterId cluster = ClusterId.parse(LocalServers.CLUSTER_ID);
            faults = new FaultInjector(local, options.faults(), options.seed(), () -> maxTerm(client, servers),
                    term -> ForgedMessages.send(servers, client.group(), access, cluster, term));
            injector = new Thread(faults, "check-faults");
            injector.setDaemon(true);
            injector.start();
        }
        out.println("running " + options.clients() + " clients on " + options.keys() + " keys for "
                + options.duration().toSeconds() + " s" + (local == null ? "" : ", faults: "
                + (options.faults().isEmpty() ? "none" : options.faults().stream().map(Fault::label).toList())));
        out.flush();
        long deadline = System.nanoTime() + options.duration().toNanos();
        Workload.Acknowledged acked = workload.run(i -> new RecordingClient(i, client.newClerk(), recorder),
                deadline);
        List<String> problems = new ArrayList<>();
        List<String> done = List.of();
        if (local != null) {
            faults.stop();
            injector.join();
            local.healAll();
            done = faults.done();
            problems.addAll(faults.problems());
            faults.notes().forEach(n -> out.println("note: " + n));
            local.states().forEach((id, state) -> {
                if (!state.equals("running")) {
                    problems.add(id + " is not running at the end: " + state);
                }
            });
        }
        out.println("load done; reading every key back");
        out.flush();
        List<LogAudit.Finding> findings = readBack(client, workload, acked, recorder, problems);
        recorder.write(options.history());
        CheckResult result = LinearizabilityChecker.check(recorder.forChecker(), options.checkTimeout());
        return new CheckReport(result, findings, recorder.count(Recorder.Outcome.OK),
                recorder.count(Recorder.Outcome.FAIL), recorder.count(Recorder.Outcome.INFO), done,
                options.history(), problems);
    }

    private List<LogAudit.Finding> readBack(ClientConnection client, Workload workload, Workload.Acknowledged acked,
                                            Recorder recorder, List<String> problems) throws InterruptedException {
        RecordingClient reader = new RecordingClient(-1, client.newClerk(), recorder);
        Set<String> sent;
        synchronized (acked) {
            sent = new HashSet<>(acked.sent);
        }
        List<LogAudit.Finding> findings = new ArrayList<>();
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (byte[] key : workload.allKeys()) {
            RecordingClient.Result r;
            do {
                r = reader.get(key);
                if (!r.ok()) {
                    Thread.sleep(200);
                }
            } while (!r.ok() && System.nanoTime() < giveUp);
            String name = new String(key, StandardCharsets.US_ASCII);
            if (!r.ok()) {
                problems.add("could not read " + name + " back within 60 s: is a majority up?");
                continue;
            }
            if (workload.logKeys().stream().anyMatch(k -> java.util.Arrays.equals(k, key))) {
                List<String> tokens;
                synchronized (acked) {
                    tokens = List.copyOf(acked.tokens.getOrDefault(name, List.of()));
                }
                findings.add(LogAudit.audit(name, r.value() == null ? null
                        : new String(r.value(), StandardCharsets.US_ASCII), tokens, sent));
            }
        }
        return findings;
    }

    private static long maxTerm(ClientConnection client, PeerList servers) {
        long max = -1;
        for (NodeProbe p : StatusProbe.probe(client.transport(), servers, Duration.ofSeconds(1))) {
            if (p.online()) {
                max = Math.max(max, p.status().term());
            }
        }
        return max;
    }
}

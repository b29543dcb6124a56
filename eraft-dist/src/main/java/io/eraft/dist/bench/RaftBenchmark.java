package io.eraft.dist.bench;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.log.LogStore;
import io.eraft.api.log.LogStoreProvider;
import io.eraft.api.log.LogStoreStats;
import io.eraft.api.raft.RaftConfig;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftNodeSpec;
import io.eraft.api.raft.RaftProvider;
import io.eraft.api.raft.Role;
import io.eraft.api.spi.support.FileOps;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Raft throughput and latency: a group of nodes in one JVM over the in-process transport, each with its own durable
 * log (fsync on), committing fixed-size commands from N closed-loop proposers (each keeps one proposal in flight).
 * Everything is reached through the SPIs, as an embedded user would.
 */
public final class RaftBenchmark {

    /** What to run. */
    public record Options(Path dir, int nodes, List<Integer> proposers, int commandBytes, double warmupSeconds,
                          double seconds, boolean fsync, String logStore) {
    }

    /** One measured run. */
    public record Result(int proposers, long entries, double seconds, double entriesPerSecond, double p50Micros,
                         double p99Micros, double p999Micros, double entriesPerFsync, long errors) {
    }

    private final Options options;
    private final PrintStream out;

    public RaftBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public List<Result> run() throws Exception {
        List<Result> results = new ArrayList<>();
        for (int p : options.proposers()) {
            Path dir = options.dir().resolve("run-" + p);
            FileOps.deleteRecursively(dir);
            try (Group group = new Group(dir, p)) {
                results.add(group.measure(p));
            }
            out.println(format(results.get(results.size() - 1)));
        }
        return results;
    }

    public static String header() {
        return String.format("%10s %12s %14s %10s %10s %10s %14s %8s", "proposers", "entries", "entries/s",
                "p50(us)", "p99(us)", "p999(us)", "entries/fsync", "errors");
    }

    public static String format(Result r) {
        return String.format("%10d %12d %14.0f %10.0f %10.0f %10.0f %14.1f %8d", r.proposers(), r.entries(),
                r.entriesPerSecond(), r.p50Micros(), r.p99Micros(), r.p999Micros(), r.entriesPerFsync(), r.errors());
    }

    /** One fresh group of nodes. */
    private final class Group implements AutoCloseable {
        private final List<RaftNode> nodes = new ArrayList<>();
        private final List<LogStore> logs = new ArrayList<>();
        private final List<Transport> transports = new ArrayList<>();

        Group(Path dir, int tag) {
            String network = "bench-" + tag + "-" + System.nanoTime();
            List<NodeId> ids = new ArrayList<>();
            for (int i = 1; i <= options.nodes(); i++) {
                ids.add(NodeId.of("n" + i));
            }
            LogStoreProvider logProvider = LogStoreProvider.byName(options.logStore());
            TransportProvider transportProvider = TransportProvider.byName("inprocess");
            RaftProvider raft = RaftProvider.get();
            RaftConfig config = RaftConfig.defaults();
            long seed = 42;
            Map<NodeId, String> members = new LinkedHashMap<>();
            ids.forEach(id -> members.put(id, ""));
            ClusterId cluster = ClusterId.derive(ClusterId.DEFAULT_TOKEN, members);
            for (NodeId id : ids) {
                LogStore log = logProvider.open(dir.resolve(id.value()).resolve("log"),
                        Map.of("fsync", Boolean.toString(options.fsync())));
                Transport t = transportProvider.create(
                        TransportConfig.peer(id, Map.of(), Map.of("network", network), cluster));
                logs.add(log);
                transports.add(t);
                nodes.add(raft.create(new RaftNodeSpec("bench", id, ids, config, t, log, new CountingStateMachine(),
                        dir.resolve(id.value()).resolve("work"), System::nanoTime, seed++, cluster)));
            }
            nodes.forEach(RaftNode::start);
        }

        RaftNode awaitLeader() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                for (RaftNode n : nodes) {
                    if (n.status().role() == Role.LEADER) {
                        return n;
                    }
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("no leader elected within 20 s");
        }

        Result measure(int proposers) throws Exception {
            RaftNode leader = awaitLeader();
            byte[] command = new byte[options.commandBytes()];
            List<Supplier<CompletableFuture<Boolean>>> clients = new ArrayList<>();
            for (int i = 0; i < proposers; i++) {
                clients.add(() -> leader.propose(command).thenApply(r -> true));
            }
            ClosedLoopLoad load = new ClosedLoopLoad(clients);
            load.warmUp(options.warmupSeconds());
            LogStoreStats before = totalStats();
            ClosedLoopLoad.Window w = load.measure(options.seconds());
            LogStoreStats window = totalStats().minus(before);
            load.stop(30);
            return new Result(proposers, w.completed(), w.seconds(), w.perSecond(), w.micros(50), w.micros(99),
                    w.micros(99.9), window.entriesPerSync(), w.errors());
        }

        /** Appends and fsyncs summed over every node's log. */
        private LogStoreStats totalStats() {
            return logs.stream().map(LogStore::stats).reduce(LogStoreStats.NONE, LogStoreStats::plus);
        }

        @Override
        public void close() {
            nodes.forEach(RaftNode::close);
            logs.forEach(LogStore::close);
            transports.forEach(Transport::close);
        }
    }
}

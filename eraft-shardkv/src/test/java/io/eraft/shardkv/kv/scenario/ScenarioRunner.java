package io.eraft.shardkv.kv.scenario;

import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.linearizability.CheckResult;
import io.eraft.shardkv.linearizability.History;
import io.eraft.shardkv.linearizability.LinearizabilityChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs a {@link Plan}: rounds of concurrent clients under the plan's faults, with the checks of MIT's kvraft tester
 * after each round (every client's key holds exactly its appends; the Raft log stays under 8 times the snapshot
 * threshold) and, for linearizable plans, the linearizability checker over the whole history at the end.
 */
final class ScenarioRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);
    private static final Duration CLIENT_WAIT = Duration.ofSeconds(60);
    private static final Duration CHECK_BUDGET = Duration.ofSeconds(30);
    private static final int SHARED_KEYS = 6;

    /**
     * What a run did, for the tests' assertions that the faults really happened.
     *
     * @param appends             appends done by appending clients
     * @param operations          operations recorded for the linearizability check
     * @param completed           of those, the ones that got a reply (the others have an unknown outcome)
     * @param partitions          partitions made
     * @param crashes             single-server crashes made during rounds
     * @param restartsFromSnapshot server starts that began from a compacted log
     * @param check               the checker's verdict (linearizable plans), else null
     */
    record Outcome(int appends, int operations, int completed, int partitions, int crashes,
                   int restartsFromSnapshot, CheckResult check) {
    }

    private ScenarioRunner() {
    }

    static Outcome run(Plan plan, StoreKind store, TestSeed seed) {
        try (KvCluster c = KvCluster.builder(plan.servers(), store, seed)
                .snapshotThresholdBytes(plan.snapshotThreshold()).leaseRead(plan.leaseRead()).start()) {
            return new Run(plan, c, seed).execute();
        }
    }

    /** One run's state. */
    private static final class Run {
        private final Plan plan;
        private final KvCluster cluster;
        private final TestSeed seed;
        private final History history = new History();
        private final List<ClientWorker> workers = new ArrayList<>();
        private final List<NodeId> clientNodes = new ArrayList<>();
        private int partitions;
        private int crashes;

        Run(Plan plan, KvCluster cluster, TestSeed seed) {
            this.plan = plan;
            this.cluster = cluster;
            this.seed = seed;
        }

        Outcome execute() {
            cluster.setReliable(!plan.unreliable());
            for (int i = 0; i < plan.clients(); i++) {
                KvCluster.Client client = cluster.client();
                clientNodes.add(client.node());
                workers.add(plan.linearizable()
                        ? new RecordingClient(i, client.clerk(), seed.random(100 + i), history, SHARED_KEYS)
                        : new AppendingClient(i, client.clerk(), seed.random(100 + i), describePlan()));
            }
            AtomicInteger threads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(plan.clients(), r -> {
                Thread t = new Thread(r, "kv-client-" + threads.getAndIncrement());
                t.setDaemon(true);
                return t;
            });
            try {
                for (int round = 0; round < plan.rounds(); round++) {
                    round(pool, round);
                }
            } finally {
                pool.shutdownNow();
            }
            CheckResult check = plan.linearizable() ? checkHistory() : null;
            int appends = workers.stream().filter(w -> w instanceof AppendingClient)
                    .mapToInt(w -> ((AppendingClient) w).appends()).sum();
            int completed = (int) history.operations().stream().filter(op -> op.completed()).count();
            Outcome outcome = new Outcome(appends, history.size(), completed, partitions, crashes,
                    cluster.restartsFromSnapshot(), check);
            LOG.info("{} on {}: {}", describePlan(), cluster.storeKind(), outcome);
            return outcome;
        }

        private void round(ExecutorService pool, int round) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> running = new ArrayList<>();
            for (ClientWorker w : workers) {
                running.add(pool.submit(() -> w.runUntil(stop::get)));
            }
            FaultInjector faults = new FaultInjector(cluster, clientNodes, seed.random(1000 + round),
                    plan.partitions(), plan.crashesInRound()).start();
            Poll.pause(plan.roundLength());
            stop.set(true);
            long t0 = System.nanoTime();
            faults.stop();
            partitions += faults.partitionsMade();
            crashes += faults.crashesMade();
            awaitClients(running, round);
            long t1 = System.nanoTime();
            if (plan.crashBetweenRounds()) {
                cluster.crashAll();
                cluster.restartAll();
            }
            long t2 = System.nanoTime();
            for (ClientWorker w : workers) {
                w.verify();
            }
            long t3 = System.nanoTime();
            if (plan.snapshotThreshold() > 0) {
                checkRaftStateSmall(round);
            }
            LOG.info("round {}: clients stopped in {} ms, restart took {} ms, checks {} ms", round,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        }

        private void awaitClients(List<Future<?>> running, int round) {
            long deadline = System.nanoTime() + CLIENT_WAIT.toNanos();
            for (Future<?> f : running) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof AssertionError a) {
                        throw a;
                    }
                    throw cluster.failure("round " + round + ": a client failed: " + cause + "; " + describePlan()
                            + "; " + cluster.describe());
                } catch (TimeoutException e) {
                    throw cluster.failure("round " + round + ": clients did not finish within " + CLIENT_WAIT
                            + " after the round ended; " + cluster.describe());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the clients", e);
                }
            }
        }

        private void checkRaftStateSmall(int round) {
            long bound = 8 * plan.snapshotThreshold();
            boolean small = Poll.until(Duration.ofSeconds(10), () -> cluster.servers().stream()
                    .allMatch(id -> cluster.raftStateBytes(id) < bound));
            if (!small) {
                throw cluster.failure("round " + round + ": the Raft log of some server holds 8 times the snapshot "
                        + "threshold of " + plan.snapshotThreshold() + " bytes or more: " + cluster.servers().stream()
                        .map(id -> id + "=" + cluster.raftStateBytes(id) + "B").collect(Collectors.joining(", ")));
            }
        }

        private CheckResult checkHistory() {
            CheckResult result = LinearizabilityChecker.check(history, CHECK_BUDGET);
            if (result.verdict() != CheckResult.Verdict.LINEARIZABLE) {
                throw cluster.failure("the history of " + history.size() + " operations is not shown linearizable: "
                        + result);
            }
            return result;
        }

        private String describePlan() {
            return plan.toString();
        }
    }
}

package io.eraft.raft.scenario;

import io.eraft.api.raft.Role;
import io.eraft.api.testkit.Poll;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.NodeId;
import io.eraft.raft.testing.Commands;
import io.eraft.raft.testing.RaftCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Clients that keep proposing distinct commands to whichever members claim leadership, as MIT's churn clients do,
 * and remember every command a leader acknowledged, with the index it acknowledged.
 */
final class ChurnClients implements AutoCloseable {
    private static final Duration ACK_WAIT = Duration.ofMillis(400);

    /**
     * A command a leader acknowledged.
     *
     * @param index   the index the leader applied it at
     * @param command the command
     */
    record Acknowledged(long index, byte[] command) {
    }

    private final ExecutorService threads;
    private final List<Future<List<Acknowledged>>> running = new ArrayList<>();
    private volatile boolean stopped;

    ChurnClients(RaftCluster cluster, int clients, TestSeed seed) {
        threads = Executors.newFixedThreadPool(clients);
        for (int k = 0; k < clients; k++) {
            int me = k;
            Random random = seed.random(100 + k);
            running.add(threads.submit(() -> run(cluster, me, random)));
        }
    }

    private List<Acknowledged> run(RaftCluster cluster, int me, Random random) throws InterruptedException {
        List<Acknowledged> acknowledged = new ArrayList<>();
        List<NodeId> order = new ArrayList<>(cluster.ids());
        for (long n = 0; !stopped; n++) {
            byte[] command = Commands.of("client-" + me + "-" + n + "-" + random.nextInt(1_000_000));
            Collections.shuffle(order, random);
            boolean proposed = false;
            for (NodeId id : order) {
                if (cluster.status(id).map(s -> s.role() != Role.LEADER).orElse(true)) {
                    continue;
                }
                proposed = true;
                try {
                    byte[] result = cluster.propose(id, command).get(ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    acknowledged.add(new Acknowledged(Commands.decodeIndexResult(result), command));
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    // not acknowledged: it may or may not commit, so nothing is promised about it
                }
            }
            if (!proposed) {
                Poll.pause(Duration.ofMillis(79 + me * 17L));
            }
        }
        return acknowledged;
    }

    /** Stops the clients and returns what leaders acknowledged; rethrows a client's failure. */
    List<Acknowledged> stop() throws Exception {
        stopped = true;
        List<Acknowledged> all = new ArrayList<>();
        try {
            for (Future<List<Acknowledged>> f : running) {
                all.addAll(f.get(30, TimeUnit.SECONDS));
            }
        } catch (ExecutionException e) {
            throw new AssertionError("a churn client failed: " + e.getCause(), e.getCause());
        }
        return all;
    }

    @Override
    public void close() {
        stopped = true;
        threads.shutdownNow();
    }
}

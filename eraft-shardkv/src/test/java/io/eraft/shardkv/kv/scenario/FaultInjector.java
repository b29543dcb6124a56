package io.eraft.shardkv.kv.scenario;

import io.eraft.api.testkit.Poll;
import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.kv.testing.KvCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Injects faults on its own thread while clients run: every two election timeouts plus up to 200 ms (time for an
 * election and some progress) it re-partitions the servers into two random sides, and/or restarts the crashed
 * server or, half the time, crashes one (one server down at a time). Each client joins the side with more servers two
 * times in three and the other side otherwise: MIT's clerks reach every server, ours are partitioned too, and a
 * client on a side without a majority waits (and meets stale leaders) until the next partition. {@link #stop()} ends it, heals the network and restarts every server it
 * crashed.
 */
final class FaultInjector {
    private final KvCluster cluster;
    private final List<NodeId> clients;
    private final Random random;
    private final boolean partitions;
    private final boolean crashes;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile RuntimeException failure;
    private int partitionsMade;
    private int crashesMade;

    FaultInjector(KvCluster cluster, List<NodeId> clients, Random random, boolean partitions, boolean crashes) {
        this.cluster = cluster;
        this.clients = List.copyOf(clients);
        this.random = random;
        this.partitions = partitions;
        this.crashes = crashes;
        this.thread = new Thread(this::loop, "fault-injector");
        this.thread.setDaemon(true);
    }

    /** Starts injecting, unless there is nothing to inject. */
    FaultInjector start() {
        if (partitions || crashes) {
            thread.start();
        }
        return this;
    }

    private void loop() {
        try {
            while (running.get()) {
                if (partitions) {
                    partition();
                }
                if (crashes) {
                    crashOrRestart();
                }
                Duration pause = cluster.electionTimeout().multipliedBy(2).plusMillis(random.nextInt(200));
                long end = System.nanoTime() + pause.toNanos();
                while (running.get() && System.nanoTime() < end) {
                    Poll.pause(Duration.ofMillis(10));
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void partition() {
        List<NodeId> a = new ArrayList<>();
        List<NodeId> b = new ArrayList<>();
        for (NodeId id : cluster.servers()) {
            (random.nextBoolean() ? a : b).add(id);
        }
        List<NodeId> larger = a.size() >= b.size() ? a : b;
        List<NodeId> smaller = larger == a ? b : a;
        for (NodeId id : clients) {
            (random.nextInt(3) < 2 ? larger : smaller).add(id);
        }
        cluster.partition(List.of(a, b));
        partitionsMade++;
    }

    private void crashOrRestart() {
        List<NodeId> up = new ArrayList<>();
        List<NodeId> down = new ArrayList<>();
        for (NodeId id : cluster.servers()) {
            (cluster.isUp(id) ? up : down).add(id);
        }
        if (!down.isEmpty()) {
            cluster.restart(down.get(random.nextInt(down.size())));
        } else if (random.nextBoolean()) {
            cluster.crash(up.get(random.nextInt(up.size())));
            crashesMade++;
        }
    }

    /** Stops injecting, heals the network and restarts crashed servers; rethrows a failure of the thread. */
    void stop() {
        running.set(false);
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the fault injector", e);
        }
        cluster.heal();
        cluster.restartAll();
        if (failure != null) {
            throw failure;
        }
    }

    int partitionsMade() {
        return partitionsMade;
    }

    int crashesMade() {
        return crashesMade;
    }
}

package io.eraft.transport.inprocess;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.PeerUnreachableException;
import io.eraft.api.transport.RequestTimeoutException;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportException;
import io.eraft.api.transport.TransportStats;
import io.eraft.transport.handling.Gate;
import io.eraft.transport.handling.Members;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated network that joins the transports of nodes in one JVM, with fault injection.
 *
 * <p>On the reliable path (the default) a request goes straight to its target's delivery thread and its reply
 * straight back to the sender's, in FIFO order per node, with no timer beyond the request's timeout. Each node has
 * one delivery thread, on which its handlers run and its requests complete; one scheduler thread per network runs the
 * timeouts and delays. Idle threads end on their own.
 *
 * <p>Faults, each thread-safe and effective for messages sent afterwards:
 * <ul>
 *   <li>{@link #setReliable(boolean) unreliable}: about 10% of requests and 10% of replies are lost (the sender sees a
 *   {@link RequestTimeoutException} at its timeout), and each request and reply is delayed by 0 to 26 ms;</li>
 *   <li>{@link #setLongReordering(boolean) long reordering}: about 2/3 of replies are delayed by 200 to 2200 ms more;</li>
 *   <li>{@link #disconnect(NodeId) disconnect}, {@link #partition(Collection) partition} and
 *   {@link #crash(NodeId) crash}: requests that cannot reach their target, or whose reply cannot come back, fail with
 *   {@link PeerUnreachableException}, at once or, with {@link #setLongDelays(boolean) long delays}, after a random
 *   wait up to the request's timeout.</li>
 * </ul>
 * Every random choice comes from the network's seed; which message meets which choice depends on thread timing.
 *
 * <p>Identity: a node is what it joined as, and cannot claim otherwise. {@link #join(NodeId)} makes a trusted test
 * node (a peer of no particular cluster that admits every sender in its role); {@link #join(NodeId, ClusterId,
 * Access)} and {@link #join(TransportConfig)} make a node that checks senders as a netty server does: a peer of
 * another cluster or a peer that is not a member is refused ({@link AccessDeniedException}), and a channel takes
 * only the roles its {@link Access} admits (a client never reaches a peer channel).
 */
public final class InProcessNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessNetwork.class);
    private static final long DEFAULT_SEED = 0;
    private static final ConcurrentMap<String, InProcessNetwork> NAMED = new ConcurrentHashMap<>();
    private static final AtomicLong PRIVATE_NETWORKS = new AtomicLong();

    private final String name;
    private final long seed;
    private final boolean shared;
    private final Faults faults;
    private final Router router;
    private final ConcurrentMap<NodeId, NodeCounters> counters = new ConcurrentHashMap<>();
    private boolean closed; // guarded by this

    private InProcessNetwork(String name, long seed, boolean shared) {
        this.name = name;
        this.seed = seed;
        this.shared = shared;
        this.faults = new Faults(seed);
        this.router = new Router(name, faults, threadName("scheduler"));
    }

    /** A private network, for tests: {@code seed} drives every random choice. Close it when done. */
    public static InProcessNetwork create(long seed) {
        return new InProcessNetwork("private-" + PRIVATE_NETWORKS.incrementAndGet(), seed, false);
    }

    /**
     * The shared network called {@code name}, created (with seed 0) on first use. The {@code inprocess} transport
     * provider joins nodes to the network its option {@code network} names. Closing it removes it from the registry.
     */
    public static InProcessNetwork named(String name) {
        return named(name, DEFAULT_SEED);
    }

    /** The shared network called {@code name}, created with {@code seed} if it does not exist yet. */
    static InProcessNetwork named(String name, long seed) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an in-process network needs a non-blank name");
        }
        return NAMED.computeIfAbsent(name, n -> new InProcessNetwork(n, seed, true));
    }

    /** This network's name: the registry name, or "private-N" for one made by {@link #create(long)}. */
    public String name() {
        return name;
    }

    long seed() {
        return seed;
    }

    /**
     * The transport of {@code node} on this network, which starts with no handlers: a trusted test node, a
     * {@link Access#PEER} of no particular cluster that admits every sender as it is. After a {@link #crash} or
     * after the old transport was closed, this restarts the node.
     *
     * @throws IllegalStateException if {@code node} already has a live transport here, or the network is closed
     */
    public Transport join(NodeId node) {
        return join(node, ClusterId.UNKNOWN, Access.PEER);
    }

    /**
     * The transport of {@code node}, a member of {@code cluster} in {@code role} (a peer whose fellow members are
     * not listed: any peer of the same cluster is admitted). {@code join(node, ClusterId.UNKNOWN, Access.PEER)} is
     * {@link #join(NodeId)}.
     *
     * @throws IllegalStateException if {@code node} already has a live transport here, or the network is closed
     */
    public Transport join(NodeId node, ClusterId cluster, Access role) {
        Objects.requireNonNull(node, "node");
        return join(new Gate(node, cluster, role, Members.ANY));
    }

    /**
     * The transport of {@code config.self()}, checking senders as a netty node with that config would: a peer of
     * another cluster, a peer not among {@code config.addresses()} (when it names any; the addresses themselves are
     * ignored), a client on a peer channel, are refused with {@link AccessDeniedException}.
     *
     * @throws IllegalStateException if the node already has a live transport here, or the network is closed
     */
    public Transport join(TransportConfig config) {
        Members members = config.addresses().isEmpty() ? Members.ANY
                : Members.of(config.addresses().keySet(), true);
        return join(new Gate(config.self(), config.clusterId(), config.role(), members));
    }

    private synchronized Transport join(Gate gate) {
        NodeId node = gate.self();
        if (closed) {
            throw new IllegalStateException("in-process network '" + name + "' is closed");
        }
        if (router.live(node) != null) {
            throw new IllegalStateException("node " + node + " already has a live transport on in-process network '"
                    + name + "'; close it or crash the node first");
        }
        NodeCounters nodeCounters = counters.computeIfAbsent(node, n -> new NodeCounters());
        InProcessTransport transport = new InProcessTransport(gate, router, new NodeCounters(nodeCounters),
                new DeliveryLoop(threadName(node.value())));
        router.attach(transport);
        LOG.debug("node {} joined in-process network '{}' ({})", node, name,
                gate.trustsEveryone() ? "trusted" : gate.ownClaim().describe());
        return transport;
    }

    /**
     * False: lose about 10% of requests and 10% of replies and delay each by a random 0 to 26 ms. True (the default):
     * lose nothing and deliver at once, in order.
     */
    public void setReliable(boolean reliable) {
        faults.setReliable(reliable);
        LOG.debug("in-process network '{}': reliable={}", name, reliable);
    }

    /** On: a request to an unreachable node fails only after a random wait up to its timeout, not at once. */
    public void setLongDelays(boolean on) {
        faults.setLongDelays(on);
        LOG.debug("in-process network '{}': longDelays={}", name, on);
    }

    /** On: about 2/3 of replies are delayed by an extra 200 to 2200 ms, so replies overtake each other. */
    public void setLongReordering(boolean on) {
        faults.setLongReordering(on);
        LOG.debug("in-process network '{}': longReordering={}", name, on);
    }

    /** Cuts every link of {@code node}, both ways. */
    public void disconnect(NodeId node) {
        router.updateLinks(links -> links.disconnect(node));
        LOG.debug("in-process network '{}': disconnected {}", name, node);
    }

    /** Restores the links that {@link #disconnect} cut; links cut by {@link #partition} stay cut. */
    public void connect(NodeId node) {
        router.updateLinks(links -> links.connect(node));
        LOG.debug("in-process network '{}': connected {}", name, node);
    }

    /**
     * Splits the nodes: only nodes on the same side talk. Nodes named on no side form one more side together, so
     * {@code partition(List.of(List.of(a)))} isolates {@code a}. Replaces any earlier partition; disconnected nodes
     * stay disconnected.
     *
     * @throws IllegalArgumentException if a node is named on two sides
     */
    public void partition(Collection<? extends Collection<NodeId>> sides) {
        List<List<NodeId>> copy = new ArrayList<>();
        for (Collection<NodeId> side : Objects.requireNonNull(sides, "sides")) {
            copy.add(List.copyOf(side));
        }
        router.updateLinks(links -> links.partition(copy)); // throws before any change if copy is invalid
        LOG.debug("in-process network '{}': partition {}", name, copy);
    }

    /** Connects every node and ends any partition. */
    public void heal() {
        router.updateLinks(links -> Links.ALL_CONNECTED);
        LOG.debug("in-process network '{}': healed", name);
    }

    /**
     * Closes {@code node}'s live transport, if any: its pending requests fail with {@link TransportException},
     * requests waiting for its handlers and requests sent to it fail with {@link PeerUnreachableException}.
     * {@link #join} restarts it.
     */
    public void crash(NodeId node) {
        InProcessTransport transport = router.live(Objects.requireNonNull(node, "node"));
        if (transport != null) {
            LOG.debug("in-process network '{}': crash {}", name, node);
            transport.close();
        }
    }

    /** Whether {@code a} and {@code b} can talk, by the links alone (crashed nodes are not considered). */
    public boolean isConnected(NodeId a, NodeId b) {
        return router.links().isConnected(Objects.requireNonNull(a, "a"), Objects.requireNonNull(b, "b"));
    }

    /** The counters of {@code node} since it first joined or since {@link #resetStats}; they survive restarts. */
    public TransportStats stats(NodeId node) {
        NodeCounters nodeCounters = counters.get(Objects.requireNonNull(node, "node"));
        return nodeCounters == null ? TransportStats.ZERO : nodeCounters.snapshot();
    }

    /** Requests sent by every node (including lost ones). */
    public long totalRequests() {
        return counters.values().stream().mapToLong(NodeCounters::requestsSent).sum();
    }

    /** Payload bytes of the requests and replies sent by every node. */
    public long totalBytes() {
        return counters.values().stream().mapToLong(NodeCounters::bytesSent).sum();
    }

    /** Zeroes the counters of every node kept by this network (each transport's own {@code stats()} goes on). */
    public void resetStats() {
        counters.values().forEach(NodeCounters::reset);
    }

    /** Closes every transport (failing their pending requests) and stops the scheduler. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (InProcessTransport transport : router.liveTransports()) {
            transport.close();
        }
        router.shutdown();
        if (shared) {
            NAMED.remove(name, this);
        }
        LOG.debug("in-process network '{}' closed", name);
    }

    @Override
    public String toString() {
        return "InProcessNetwork[" + name + ", seed " + seed + "]";
    }

    private String threadName(String suffix) {
        return "eraft-inprocess-" + name + "-" + suffix;
    }
}

package io.eraft.dist.cluster;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.ClientAccess;
import io.eraft.dist.client.ClusterClient;
import io.eraft.dist.client.NodeProbe;
import io.eraft.dist.client.StatusProbe;
import io.eraft.dist.server.NodeStatus;
import io.eraft.dist.server.PeerList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A group of {@link ServerProcess}es on loopback ports, each started with a config file (LevelDB, fsync on), plus a
 * client in this JVM. Close
 * it (in a finally or @AfterEach) to kill every process.
 */
final class ProcessCluster implements AutoCloseable {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    final PeerList peers;
    final List<ServerProcess> nodes = new ArrayList<>();
    final ClusterClient client;

    ProcessCluster(Path dir, int size) {
        this(dir, size, List.of());
    }

    /** @param settings extra config file lines for every node, e.g. {@code snapshot.threshold=256k} */
    ProcessCluster(Path dir, int size, List<String> settings) {
        this(dir, size, settings, ClientAccess.CLIENT);
    }

    /**
     * @param settings extra config file lines for every node
     * @param access   how this JVM's client connects (its TLS files, for a TLS cluster)
     */
    ProcessCluster(Path dir, int size, List<String> settings, ClientAccess access) {
        this(dir, size, id -> settings, access);
    }

    /**
     * @param settings extra config file lines of each node (e.g. its own TLS certificate)
     * @param access   how this JVM's client connects (its TLS files, for a TLS cluster)
     */
    ProcessCluster(Path dir, int size, Function<NodeId, List<String>> settings, ClientAccess access) {
        List<Integer> ports = FreePorts.pick(size);
        Map<NodeId, String> addresses = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            addresses.put(NodeId.of("n" + (i + 1)), "127.0.0.1:" + ports.get(i));
        }
        peers = new PeerList(addresses);
        for (NodeId id : peers.ids()) {
            List<String> lines = new ArrayList<>(List.of("node.id=" + id, "peers=" + peers.format(),
                    "data.dir=" + dir.resolve(id.value()), "store=leveldb", "fsync=true"));
            lines.addAll(settings.apply(id));
            Path config = writeConfig(configOf(dir, id), lines);
            nodes.add(new ServerProcess(id, List.of("--config", config.toString()), dir.resolve(id.value() + ".log")));
        }
        client = ClusterClient.connect(peers, "kv", access, Duration.ofSeconds(30));
    }

    /** Where node {@code id}'s config file is, under the cluster's directory {@code dir}. */
    static Path configOf(Path dir, NodeId id) {
        return dir.resolve(id.value() + ".properties");
    }

    /** The terms of the nodes that answer, by node. */
    Map<NodeId, Long> terms() {
        Map<NodeId, Long> out = new LinkedHashMap<>();
        probe().stream().filter(NodeProbe::online).forEach(p -> out.put(p.id(), p.status().term()));
        return out;
    }

    private static Path writeConfig(Path file, List<String> lines) {
        try {
            return Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    ProcessCluster startAll() {
        nodes.forEach(ServerProcess::start);
        return this;
    }

    ServerProcess node(NodeId id) {
        return nodes.stream().filter(n -> n.id.equals(id)).findFirst().orElseThrow();
    }

    List<NodeProbe> probe() {
        return StatusProbe.probe(client.transport(), peers, PROBE_TIMEOUT);
    }

    /** The status of {@code id}, if it answers. */
    Optional<NodeStatus> status(NodeId id) {
        return probe().stream().filter(p -> p.id().equals(id) && p.online()).map(NodeProbe::status).findFirst();
    }

    /** Waits (polling, up to 60 s) for a leader that every live node agrees on; returns it. */
    NodeId awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (NodeProbe p : probe()) {
                if (p.online() && p.status().role() == Role.LEADER) {
                    return p.id();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no leader within 60 s; " + describe());
    }

    /** Waits (polling, up to 60 s) until every node answers status. */
    void awaitAllOnline() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!probe().stream().allMatch(NodeProbe::online)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not every node answers within 60 s; " + describe());
            }
            Thread.sleep(100);
        }
    }

    /** Waits (up to 60 s) until {@code id} has applied at least {@code index}. */
    void awaitApplied(NodeId id, long index) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<NodeStatus> s = status(id);
            if (s.isPresent() && s.get().appliedIndex() >= index) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(id + " did not apply index " + index + " within 60 s; " + describe());
    }

    /** Every node's status line and log tail, for failure messages. */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (NodeProbe p : probe()) {
            b.append('\n').append(p.id()).append(": ").append(p.online() ? p.status() : "offline: " + p.problem());
        }
        for (ServerProcess n : nodes) {
            b.append("\n--- log of ").append(n.id).append(" ---\n").append(n.logTail());
        }
        return b.toString();
    }

    @Override
    public void close() {
        client.close();
        for (ServerProcess n : nodes) {
            n.kill();
        }
    }
}

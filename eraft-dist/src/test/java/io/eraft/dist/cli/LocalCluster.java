package io.eraft.dist.cli;

import io.eraft.api.raft.Role;
import io.eraft.api.transport.NodeId;
import io.eraft.dist.cluster.FreePorts;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A 3-node group of {@link EraftServer}s in this JVM on loopback ports, LevelDB stores, fsync off (tests only). */
final class LocalCluster implements AutoCloseable {
    final PeerList peers;
    final List<EraftServer> servers = new ArrayList<>();

    LocalCluster(Path dir) {
        List<Integer> ports = FreePorts.pick(3);
        Map<NodeId, String> addresses = new LinkedHashMap<>();
        for (int i = 0; i < ports.size(); i++) {
            addresses.put(NodeId.of("n" + (i + 1)), "127.0.0.1:" + ports.get(i));
        }
        peers = new PeerList(addresses);
        try {
            for (NodeId id : peers.ids()) {
                servers.add(EraftServer.start(config(id, dir.resolve(id.value()))));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    ServerConfig config(NodeId id, Path dataDir) {
        return new ServerConfig(id, "kv", peers, peers.addressOf(id), dataDir, "leveldb", Map.of(), Map.of(),
                64L << 20, false);
    }

    /** Runs {@code eraft kv --servers <this cluster> args...} in this JVM. */
    CliRun kv(String... args) {
        List<String> all = new ArrayList<>(List.of("kv", "--servers", peers.format()));
        all.addAll(List.of(args));
        return CliRun.eraft(all.toArray(String[]::new));
    }

    /** Waits (polling, up to 30 s) until one server leads; returns it. */
    EraftServer awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (EraftServer s : servers) {
                if (s.status().role() == Role.LEADER) {
                    return s;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no leader within 30 s");
    }

    @Override
    public void close() {
        servers.forEach(EraftServer::close);
        servers.clear();
    }
}

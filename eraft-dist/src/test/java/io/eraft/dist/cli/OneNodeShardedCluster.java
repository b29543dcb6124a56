package io.eraft.dist.cli;

import io.eraft.dist.cluster.FreePorts;
import io.eraft.dist.server.EraftServer;
import io.eraft.dist.server.NodeStatus;
import io.eraft.dist.server.ServerRole;
import io.eraft.dist.server.ServerConfigLoader;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shard controller and shard groups of one {@link EraftServer} each, in this JVM on loopback ports (LevelDB,
 * fsync off; tests only). The groups start unjoined: configuration 0 assigns no shard.
 */
final class OneNodeShardedCluster implements AutoCloseable {
    final String ctrler;
    /** Group id to its one server's address. */
    final Map<String, String> groups = new LinkedHashMap<>();
    private final Map<String, EraftServer> running = new LinkedHashMap<>();

    OneNodeShardedCluster(Path dir, int shards, String... groupIds) {
        List<Integer> ports = FreePorts.pick(1 + groupIds.length);
        ctrler = "127.0.0.1:" + ports.get(0);
        for (int i = 0; i < groupIds.length; i++) {
            groups.put(groupIds[i], "127.0.0.1:" + ports.get(i + 1));
        }
        try {
            running.put("ctrler", EraftServer.start(ServerConfigLoader.load(null, Map.of("node.id", ctrler, "peers",
                    ctrler, "shards", Integer.toString(shards), "data.dir", dir.resolve("ctrler").toString(),
                    "fsync", "false"), true)));
            groups.forEach((group, address) -> running.put(group, EraftServer.start(ServerConfigLoader.load(null,
                    Map.of("node.id", address, "peers", address, "group", group, "ctrlers", ctrler, "shards",
                            Integer.toString(shards), "data.dir", dir.resolve(group).toString(), "fsync",
                            "false")))));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code g1=127.0.0.1:port}, as {@code eraft ctl join} takes it. */
    String joinSpec(String group) {
        return group + "=" + groups.get(group);
    }

    /** The running server of {@code group} (or the controller, "ctrler"). */
    EraftServer server(String group) {
        return running.get(group);
    }

    /** Stops the server of {@code group} (or the controller, "ctrler"). */
    void stop(String group) {
        EraftServer s = running.remove(group);
        if (s != null) {
            s.close();
        }
    }

    /**
     * Waits (polling, up to 30 s) until every running group server has applied configuration {@code num} and every
     * shard it holds is SERVING (arrived, and the previous owner's copy deleted).
     */
    void awaitSettled(long num) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String unsettled = unsettled(num);
        while (!unsettled.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not settled on configuration " + num + " within 30 s:" + unsettled);
            }
            Thread.sleep(50);
            unsettled = unsettled(num);
        }
    }

    private String unsettled(long num) {
        StringBuilder b = new StringBuilder();
        running.forEach((name, server) -> {
            NodeStatus s = server.status();
            if (s.kind() == ServerRole.SHARD && (s.configNum() < num
                    || !s.shards().values().stream().allMatch("SERVING"::equals))) {
                b.append(' ').append(name).append(": config ").append(s.configNum()).append(' ').append(s.shards());
            }
        });
        return b.toString();
    }

    @Override
    public void close() {
        running.values().forEach(EraftServer::close);
        running.clear();
    }
}

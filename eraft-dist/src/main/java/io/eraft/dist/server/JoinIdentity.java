package io.eraft.dist.server;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.api.transport.TransportConfig;
import io.eraft.api.transport.TransportProvider;
import io.eraft.dist.client.NodeProbe;
import io.eraft.dist.client.StatusProbe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster a joining server ({@link ServerConfig#join()}) belongs to. Its peer list differs from the one the group
 * was created with, so the id cannot be derived from it: it is the one its data directory recorded (a restart), else
 * {@code cluster.id} when given, else the one the group's servers report (as a new etcd member learns the cluster id
 * from the existing members). The servers asked must agree; the id learned is then recorded with the data, so the
 * server can never join another cluster.
 */
final class JoinIdentity {
    /** How the id was obtained, for messages. */
    public static final String ORIGIN = "learned from the group's servers when it joined";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final int ATTEMPTS = 5;

    private JoinIdentity() {
    }

    /**
     * The cluster id of joining server {@code config}.
     *
     * @throws ServerStartException when no other server of its peer list answers (after a few tries)
     * @throws ConfigException      when the servers that answer report different clusters
     */
    public static ClusterId resolve(ServerConfig config) {
        ClusterId recorded = ClusterIdFile.read(config.dataDir().resolve(ClusterIdFile.NAME));
        if (recorded != null) {
            return recorded;
        }
        if (config.cluster().fixed() != null) {
            return config.cluster().fixed();
        }
        Map<NodeId, String> others = new LinkedHashMap<>(config.peers().addresses());
        others.remove(config.id());
        if (others.isEmpty()) {
            throw new ConfigException("node " + config.id() + " joins a group (--join), so its peer list (--peers) "
                    + "must name some of the group's servers besides itself");
        }
        PeerList servers = new PeerList(others);
        String problems = "";
        try (Transport probe = TransportProvider.byName(EraftServer.TRANSPORT).create(new TransportConfig(
                NodeId.of("join-" + config.id().value().replace(':', '-')), others, config.transportOptions(),
                ClusterId.UNKNOWN, Access.CLIENT))) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                List<NodeProbe> answers = StatusProbe.probe(probe, servers, PROBE_TIMEOUT);
                Set<String> ids = new TreeSet<>();
                answers.stream().filter(p -> p.online() && !p.status().cluster().isEmpty())
                        .forEach(p -> ids.add(p.status().cluster()));
                if (ids.size() > 1) {
                    throw new ConfigException("node " + config.id() + " cannot join: the servers it lists in --peers "
                            + servers + " belong to different clusters " + ids + "; list servers of one group");
                }
                if (ids.size() == 1) {
                    return ClusterId.parse(ids.iterator().next());
                }
                problems = answers.stream().map(p -> p.id() + ": " + p.problem()).toList().toString();
                sleep();
            }
        }
        throw new ServerStartException("node " + config.id() + " joins a group (--join) but none of the servers it "
                + "lists in --peers answered, so it cannot learn the cluster id " + problems + "; start it when the "
                + "group runs, or give the cluster id (--cluster-id, as eraft status shows it)", null);
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

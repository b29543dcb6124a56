package io.eraft.dist.console;

import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.dist.client.NodeProbe;
import io.eraft.dist.client.StatusProbe;
import io.eraft.dist.server.NodeStatus;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfig;
import io.eraft.dist.server.ServerRole;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.ClerkOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The servers a server knows, asked over its own transport on the admin status channel as {@code eraft status}
 * does: the members of its group; for a shard group server or a controller also the controllers and, from the
 * controller's latest configuration, the servers of every group. The node's own status is read directly.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ServerClusterSource implements ClusterSource {
    /** How long a node may take to answer before it counts as offline in this round. */
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(800);

    private final Transport transport;
    private final ServerConfig config;
    private final Supplier<NodeStatus> self;
    private final ControllerClerk controller; // null for a plain KV group

    public ServerClusterSource(Transport transport, ServerConfig config, Supplier<NodeStatus> self) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.config = Objects.requireNonNull(config, "config");
        this.self = Objects.requireNonNull(self, "self");
        PeerList controllers = controllers(config);
        this.controller = controllers == null ? null : ControllerClerk.create(transport, config.controller(),
                controllers.ids(), ClerkOptions.DEFAULT.withRequestTimeout(PROBE_TIMEOUT)
                        .withOperationTimeout(PROBE_TIMEOUT.multipliedBy(2)), ThreadLocalRandom.current().nextLong());
    }

    private static PeerList controllers(ServerConfig config) {
        return switch (config.role()) {
            case KV -> null;
            case CTRLER -> config.peers();
            case SHARD -> config.controllers();
        };
    }

    @Override
    public ClusterPoll poll() {
        Map<String, ClusterPoll.Node> nodes = new LinkedHashMap<>();
        nodes.put(config.id().value(), ClusterPoll.Node.online(config.group(), self.get()));
        probe(config.group(), others(config.peers().addresses()), nodes);
        if (controller == null) {
            return new ClusterPoll(List.copyOf(nodes.values()));
        }
        if (config.role() == ServerRole.SHARD) {
            probe(config.controller(), others(config.controllers().addresses()), nodes);
        }
        ShardConfig latest = null;
        String problem = null;
        try {
            latest = controller.latestAsync().get(PROBE_TIMEOUT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            problem = String.valueOf(e.getCause().getMessage());
        } catch (TimeoutException e) {
            problem = "no controller server answered within " + PROBE_TIMEOUT.multipliedBy(3).toMillis() + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (latest != null) {
            latest.groups().forEach((group, ids) -> {
                Map<NodeId, String> servers = new LinkedHashMap<>();
                ids.forEach(id -> servers.put(id, id.value()));
                probe(group, others(servers), nodes);
            });
        }
        return new ClusterPoll(List.copyOf(nodes.values()), latest, problem);
    }

    /** {@code addresses} without this node. */
    private Map<NodeId, String> others(Map<NodeId, String> addresses) {
        Map<NodeId, String> out = new LinkedHashMap<>(addresses);
        out.remove(config.id());
        return out;
    }

    /** Probes the nodes not asked yet in this round, all at once. */
    private void probe(String group, Map<NodeId, String> addresses, Map<String, ClusterPoll.Node> into) {
        Map<NodeId, String> fresh = new LinkedHashMap<>();
        addresses.forEach((id, address) -> {
            if (!into.containsKey(id.value())) {
                fresh.put(id, address);
            }
        });
        if (fresh.isEmpty()) {
            return;
        }
        List<ClusterPoll.Node> answered = new ArrayList<>();
        for (NodeProbe p : StatusProbe.probe(transport, new PeerList(fresh), PROBE_TIMEOUT)) {
            answered.add(p.online() ? ClusterPoll.Node.online(group, p.status())
                    : ClusterPoll.Node.offline(p.id().value(), group, p.address(), p.problem()));
        }
        answered.forEach(n -> into.put(n.id(), n));
    }
}

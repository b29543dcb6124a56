package io.eraft.dist.console;

import io.eraft.dist.client.NodeProbe;
import io.eraft.dist.client.ShardedClient;
import io.eraft.dist.client.ShardedStatus;
import io.eraft.dist.server.PeerList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sharded cluster seen from outside, as {@code eraft status --ctrlers} sees it ({@link ShardedStatus}): the
 * controllers, the latest configuration and every group's servers, over a client connection of its own (closed with
 * the source). The console of a process that runs no server of its own, such as {@code eraft demo}'s.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ShardedClusterSource implements ClusterSource {
    private final ShardedClient client;
    private final String controller;
    private final Duration timeout;

    private ShardedClusterSource(ShardedClient client, String controller, Duration timeout) {
        this.client = client;
        this.controller = controller;
        this.timeout = timeout;
    }

    /** A source asking the controller {@code controller} on {@code controllers}; each node gets {@code timeout}. */
    public static ShardedClusterSource connect(PeerList controllers, String controller, Duration timeout) {
        Objects.requireNonNull(controller, "controller");
        return new ShardedClusterSource(ShardedClient.connect(controllers, controller, timeout), controller,
                timeout);
    }

    @Override
    public ClusterPoll poll() {
        ShardedStatus status = ShardedStatus.gather(client, controller, timeout);
        List<ClusterPoll.Node> nodes = new ArrayList<>();
        status.controllers().forEach(p -> nodes.add(node(controller, p)));
        status.groups().forEach((group, probes) -> probes.forEach(p -> nodes.add(node(group, p))));
        return new ClusterPoll(nodes, status.config(), status.configProblem());
    }

    private static ClusterPoll.Node node(String group, NodeProbe p) {
        return p.online() ? ClusterPoll.Node.online(group, p.status())
                : ClusterPoll.Node.offline(p.id().value(), group, p.address(), p.problem());
    }

    @Override
    public void close() {
        client.close();
    }
}

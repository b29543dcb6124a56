package io.eraft.dist.client;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.server.PeerList;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.KvException;
import io.eraft.shardkv.kv.KvTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A sharded cluster as {@code eraft status --ctrlers} sees it: the latest configuration (or why it is unknown), the
 * status of every controller node, and that of every server of every group in the configuration.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param controller    the controller cluster's name
 * @param config        the latest configuration, or null when no controller answered
 * @param configProblem why the configuration is unknown, or null when it is known
 * @param controllers   one probe per controller node, in the order given
 * @param groups        per group of the configuration (by id), one probe per server, in the configuration's order
 */
public record ShardedStatus(String controller, ShardConfig config, String configProblem,
                            List<NodeProbe> controllers, SortedMap<String, List<NodeProbe>> groups) {
    public ShardedStatus {
        Objects.requireNonNull(controller, "controller");
        if ((config == null) == (configProblem == null)) {
            throw new IllegalArgumentException("a sharded status has either a configuration or a problem");
        }
        controllers = List.copyOf(controllers);
        TreeMap<String, List<NodeProbe>> copy = new TreeMap<>();
        groups.forEach((g, probes) -> copy.put(g, List.copyOf(probes)));
        groups = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Asks every controller node for its status, then the controller for the latest configuration, then every group
     * server of that configuration for its status; a node that does not answer within {@code timeout} is offline.
     * (The controllers are probed first so that, when they are down, each shows the reason its connection failed.)
     */
    public static ShardedStatus gather(ShardedClient client, String controller, Duration timeout) {
        List<NodeProbe> controllers = StatusProbe.probe(client.transport(), client.controllers(), timeout);
        ShardConfig config = null;
        String problem = null;
        try {
            config = client.controller().latest();
        } catch (KvTimeoutException e) {
            problem = "no controller server answered within " + timeout.toMillis() + " ms";
        } catch (KvException e) {
            problem = e.getMessage();
        }
        SortedMap<String, List<NodeProbe>> groups = new TreeMap<>();
        if (config != null && !config.groups().isEmpty()) {
            Map<NodeId, String> servers = new LinkedHashMap<>();
            config.groups().values().forEach(ids -> ids.forEach(s -> servers.putIfAbsent(s, s.value())));
            Map<NodeId, NodeProbe> byId = new LinkedHashMap<>();
            StatusProbe.probe(client.transport(), new PeerList(servers), timeout).forEach(p -> byId.put(p.id(), p));
            config.groups().forEach((g, ids) -> groups.put(g, ids.stream().map(byId::get).toList()));
        }
        return new ShardedStatus(controller, config, problem, controllers, groups);
    }

    /** Every probe: the controllers', then each group's servers'. */
    public List<NodeProbe> all() {
        List<NodeProbe> out = new ArrayList<>(controllers);
        groups.values().forEach(out::addAll);
        return out;
    }

    /** Whether the configuration is known and every node answered, none of them failed. */
    public boolean healthy() {
        List<NodeProbe> all = all();
        return config != null && all.stream().allMatch(NodeProbe::online) && HealthNotes.healthy(all);
    }
}

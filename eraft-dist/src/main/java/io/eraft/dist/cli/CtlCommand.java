package io.eraft.dist.cli;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.ClientAccess;
import io.eraft.dist.client.Durations;
import io.eraft.dist.client.JoinSpec;
import io.eraft.dist.client.ShardConfigText;
import io.eraft.dist.client.ShardedClient;
import io.eraft.dist.server.ConfigException;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.KvTimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code eraft ctl join|leave|move|servers|query}: changes or shows a sharded cluster's configuration through its shard
 * controller, and prints the resulting configuration. A change is checked against the latest configuration first,
 * so that a mistake (an unknown group, a group that is already in) is named without changing anything.
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
        description = {"Change or show a sharded cluster's configuration through its shard controller: add groups "
                + "(join), remove groups (leave), give one shard to a group (move), replace a group's server list after its "
                + "membership changed (servers), or show a configuration (query). "
                + "Each prints the resulting configuration: its number, each group's shards and servers, and the "
                + "shards no group owns.",
                "Join and leave rebalance the shards, moving as few as possible; the groups then migrate them.",
                "ctl connects as an admin: on a TLS cluster give it an admin certificate (SAN URI "
                        + "urn:eraft:admin:<name>) with --tls-cert, --tls-key and --tls-ca."},
        footer = {"", "Examples:",
                "  eraft ctl --ctrlers 127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003 join "
                        + "g1=127.0.0.1:7201,127.0.0.1:7202,127.0.0.1:7203",
                "  eraft ctl --ctrlers 127.0.0.1:7001 move 3 g2",
                "  eraft ctl --ctrlers 127.0.0.1:7001 servers g1=127.0.0.1:7202,127.0.0.1:7203,127.0.0.1:7204",
                "  eraft ctl --ctrlers 127.0.0.1:7001 query 1",
                "", "Exit status: 0 done; 2 error."})
final class CtlCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ShardedOptions cluster;

    @Mixin
    TlsOptions tls;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Give up on a controller request after this long, retries included (default "
                    + "${DEFAULT-VALUE}); a change first reads the latest configuration, then makes the change.",
            scope = CommandLine.ScopeType.INHERIT)
    Duration timeout;

    @Command(name = "join", mixinStandardHelpOptions = true,
            description = "Add groups, each given as GROUP=HOST:PORT,HOST:PORT,... (its id and servers; the "
                    + "servers run 'eraft server --ctrlers ... --group GROUP').")
    int join(@Parameters(paramLabel = "GROUP=HOST:PORT,HOST:PORT", arity = "1..*",
            description = "A group id and its servers' addresses, e.g. g1=127.0.0.1:7201,127.0.0.1:7202.")
             List<String> specs) {
        Map<String, List<NodeId>> groups = JoinSpec.parse(specs);
        return run("join " + String.join(" ", groups.keySet()), ctl -> {
            ShardConfig latest = ctl.latest();
            for (String g : groups.keySet()) {
                if (latest.groups().containsKey(g)) {
                    throw new ConfigException("group " + g + " is already in configuration " + latest.num()
                            + " (servers " + servers(latest, g) + "); to change its servers, use: eraft ctl servers "
                            + g + "=HOST:PORT,...");
                }
            }
            return ctl.join(groups);
        });
    }

    @Command(name = "leave", mixinStandardHelpOptions = true,
            description = "Remove groups; their shards go to the remaining groups.")
    int leave(@Parameters(paramLabel = "GROUP", arity = "1..*", description = "A group id in the configuration.")
              List<String> groups) {
        Set<String> seen = new HashSet<>();
        for (String g : groups) {
            if (!seen.add(g)) {
                throw new ConfigException("group " + g + " is named twice in the leave");
            }
        }
        return run("leave " + String.join(" ", groups), ctl -> {
            ShardConfig latest = ctl.latest();
            groups.forEach(g -> requireGroup(latest, g));
            return ctl.leave(groups);
        });
    }

    @Command(name = "move", mixinStandardHelpOptions = true,
            description = "Give SHARD to group GROUP.")
    int move(@Parameters(paramLabel = "SHARD", description = "The shard number, from 0.") int shard,
             @Parameters(paramLabel = "GROUP", description = "A group id in the configuration.") String group) {
        return run("move " + shard + " " + group, ctl -> {
            ShardConfig latest = ctl.latest();
            if (shard < 0 || shard >= latest.shardCount()) {
                throw new ConfigException("no shard " + shard + ": the cluster has " + latest.shardCount()
                        + " shards, 0 to " + (latest.shardCount() - 1));
            }
            requireGroup(latest, group);
            return ctl.move(shard, group);
        });
    }

    @Command(name = "servers", mixinStandardHelpOptions = true,
            description = {"Replace the server list of one group in the configuration, given as "
                    + "GROUP=HOST:PORT,HOST:PORT,... (the full new list), after its membership changed with "
                    + "'eraft member ... --group GROUP'. No shard moves: the new configuration keeps every owner, "
                    + "and clients and the other groups reach the group by the new list.",
                    "List the servers that are voting members of the group now (eraft member list); clients try "
                    + "them in the order given."})
    int servers(@Parameters(paramLabel = "GROUP=HOST:PORT,HOST:PORT",
            description = "A group id in the configuration and all its servers' addresses, e.g. "
                    + "g1=127.0.0.1:7201,127.0.0.1:7202.") String spec) {
        Map<String, List<NodeId>> parsed = JoinSpec.parse(List.of(spec));
        Map.Entry<String, List<NodeId>> group = parsed.entrySet().iterator().next();
        String g = group.getKey();
        return run("servers " + g, ctl -> {
            ShardConfig latest = ctl.latest();
            if (!latest.groups().containsKey(g)) {
                throw new ConfigException("no group " + g + " in configuration " + latest.num() + "; groups: "
                        + (latest.groups().isEmpty() ? "none" : String.join(", ", latest.groups().keySet()))
                        + "; to add a group, use: eraft ctl join " + g + "=HOST:PORT,...");
            }
            return ctl.setServers(g, group.getValue());
        });
    }

    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "Show configuration N (default: the latest).")
    int query(@Parameters(paramLabel = "N", arity = "0..1", defaultValue = "-1",
            description = "The configuration number (default: the latest).") long num) {
        return run("query", ctl -> {
            ShardConfig config = ctl.query(num);
            if (num >= 0 && config.num() != num) {
                spec.commandLine().getErr().println("eraft: there is no configuration " + num + " yet; the latest is "
                        + config.num());
            }
            return config;
        });
    }

    private static void requireGroup(ShardConfig latest, String group) {
        if (!latest.groups().containsKey(group)) {
            throw new ConfigException("no group " + group + " in configuration " + latest.num() + "; groups: "
                    + (latest.groups().isEmpty() ? "none" : String.join(", ", latest.groups().keySet())));
        }
    }

    private static String servers(ShardConfig config, String group) {
        return String.join(",", config.groups().get(group).stream().map(NodeId::value).toList());
    }

    /** Runs {@code operation} against the controller and prints the configuration it returns. */
    private int run(String what, Function<ControllerClerk, ShardConfig> operation) {
        CliLogging.forClient();
        try (ShardedClient client = cluster.connect(timeout, ClientAccess.ADMIN.withTls(tls.files()))) {
            ShardConfig config = operation.apply(client.controller());
            PrintWriter out = spec.commandLine().getOut();
            out.print(ShardConfigText.format(config));
            out.flush();
            return 0;
        } catch (KvTimeoutException e) {
            spec.commandLine().getErr().println("eraft: no controller server answered '" + what + "' within "
                    + Durations.format(timeout) + " (controller " + cluster.controller + " at " + cluster.ctrlers
                    + "); are the controllers running (eraft ctrler) with a majority up? "
                    + (what.equals("query") ? "" : "The change may still apply. ")
                    + "Check with: eraft status --ctrlers " + cluster.ctrlers + "." + tls.hintIfMissing());
            return 2;
        }
    }
}

package io.eraft.dist.cli;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.client.ClientAccess;
import io.eraft.dist.client.ClusterClient;
import io.eraft.dist.client.Durations;
import io.eraft.dist.client.MemberTable;
import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.PeerList;
import io.eraft.dist.server.ServerConfigLoader;
import io.eraft.shardkv.admin.GroupMembers;
import io.eraft.shardkv.admin.MemberChangeRefusedException;
import io.eraft.shardkv.admin.MemberClient;
import io.eraft.shardkv.kv.KvTimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * {@code eraft member list|add|promote|remove}: a group's membership, through its leader's membership admin service.
 * Works on a KV group, a shard group ({@code --servers} its servers' host:port, {@code --group} its id) and the
 * controller ({@code --servers} the controllers, {@code --group} the controller cluster's name).
 */
@Command(name = "member", mixinStandardHelpOptions = true,
        description = {"List or change the members of a group: a plain KV group, a shard group or the controller. "
                + "The group's leader makes the change, one server at a time: a new server joins as a learner "
                + "(it receives a snapshot and the log but does not vote), is promoted to voter once it has caught "
                + "up, and any member (the leader too) can be removed. Each change prints the configuration that "
                + "resulted. Member connects as an admin: on a TLS cluster give it an admin certificate."},
        footer = {"", "Replacing server n3 of a 3-server group with a new server n4 at 127.0.0.1:7104:",
                "  eraft server --join --id n4 --peers n1=127.0.0.1:7101,n2=127.0.0.1:7102,n4=127.0.0.1:7104 "
                        + "--data-dir data/n4 &",
                "  eraft member --servers n1=127.0.0.1:7101,n2=127.0.0.1:7102 add n4 --address 127.0.0.1:7104",
                "  eraft member --servers n1=127.0.0.1:7101,n2=127.0.0.1:7102 promote n4",
                "  eraft member --servers n1=127.0.0.1:7101,n2=127.0.0.1:7102 remove n3",
                "", "A shard group: --servers HOST:PORT,... --group g1, then 'eraft ctl --ctrlers ... servers "
                + "g1=HOST:PORT,...' so that routing clients find its new servers; the controller: --servers "
                + "HOST:PORT,... --group ctrler.",
                "", "Exit status: 0 done; 1 the leader refused the change (nothing changed: the reason and the "
                + "configuration are printed); 2 error (no leader answered in time: the change may still apply)."},
        subcommands = CommandLine.HelpCommand.class)
final class MemberCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-s", "--servers"}, paramLabel = "ID=HOST:PORT,...", required = true,
            scope = CommandLine.ScopeType.INHERIT,
            description = "Some servers of the group, e.g. n1=127.0.0.1:7101,n2=127.0.0.1:7102 (a shard group's or "
                    + "the controller's as HOST:PORT,...). The leader is found among them.")
    String servers;

    @Option(names = {"-g", "--group"}, defaultValue = ServerConfigLoader.DEFAULT_GROUP,
            scope = CommandLine.ScopeType.INHERIT,
            description = "The group: a KV group's name, a shard group's id, or the controller cluster's name "
                    + "(default ${DEFAULT-VALUE}).")
    String group;

    @Mixin
    TlsOptions tls;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            scope = CommandLine.ScopeType.INHERIT,
            description = "Give up after this long, retries included (default ${DEFAULT-VALUE}); promote waits up to "
                    + "this long for the learner to catch up.")
    Duration timeout;

    @Option(names = "--expect-index", paramLabel = "N", scope = CommandLine.ScopeType.INHERIT,
            description = "Make the change only if the group's configuration is still the one at log index N (as "
                    + "'member list' printed it), so that two operators cannot race; default: the current one.")
    Long expectIndex;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print the configuration: each member's role, address, match index and lag.")
    int list() {
        return run("list the members", MemberClient::list);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a new server as a learner. Start it first with 'eraft server --join'.")
    int add(@Parameters(paramLabel = "ID", description = "The new server's node id (a shard group's or a "
                    + "controller's: its HOST:PORT).") String id,
            @Option(names = "--address", paramLabel = "HOST:PORT",
                    description = "Where the new server listens, kept in the configuration so every member can "
                            + "reach it (leave out when its id is its HOST:PORT).") String address) {
        NodeId node = nodeId(id);
        if (address == null && !node.value().matches(".+:\\d+")) {
            throw new ConfigException("give the address of " + id + " with --address HOST:PORT (its id is not one)");
        }
        return run("add " + id, c -> c.add(node.value(), address, expected()));
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Make a learner a voter. The leader refuses while the learner lags; this waits for it "
                    + "to catch up (up to --timeout) unless --no-wait is given.")
    int promote(@Parameters(paramLabel = "ID", description = "A learner of the group.") String id,
                @Option(names = "--no-wait", description = "Ask once; a lagging learner is refused.") boolean noWait) {
        NodeId node = nodeId(id);
        return run("promote " + id, c -> noWait || expectIndex != null ? c.promote(node.value(), expected())
                : c.promoteWhenCaughtUp(node.value()));
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a member (a voter or a learner; the leader too: it steps down once the change "
                    + "commits). Stop the removed server afterwards.")
    int remove(@Parameters(paramLabel = "ID", description = "A member of the group.") String id,
               @Option(names = "--check-quorum", description = "Refuse if the voters left would have no live "
                       + "majority (those the leader heard from within an election timeout).") boolean checkQuorum) {
        NodeId node = nodeId(id);
        return run("remove " + id, c -> c.remove(node.value(), expected(), checkQuorum));
    }

    private OptionalLong expected() {
        return expectIndex == null ? OptionalLong.empty() : OptionalLong.of(expectIndex);
    }

    private static NodeId nodeId(String id) {
        try {
            return NodeId.of(id);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad member id '" + id + "': " + e.getMessage());
        }
    }

    private int run(String what, Function<MemberClient, GroupMembers> operation) {
        CliLogging.forClient();
        PeerList list = PeerList.parse(servers, "--servers");
        PrintWriter out = spec.commandLine().getOut();
        try (ClusterClient client = ClusterClient.connect(list, group, ClientAccess.ADMIN.withTls(tls.files()),
                timeout)) {
            MemberClient members = new MemberClient(client.transport(), group, list.ids(),
                    timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10), timeout);
            GroupMembers result = operation.apply(members);
            out.print(MemberTable.format(group, result));
            out.flush();
            return ExitCodes.OK;
        } catch (MemberChangeRefusedException e) {
            spec.commandLine().getErr().println("eraft: " + what + " refused (" + e.reason() + "), nothing changed: "
                    + e.getMessage());
            if (e.current() != null) {
                out.print(MemberTable.format(group, e.current()));
                out.flush();
            }
            return ExitCodes.NEGATIVE;
        } catch (KvTimeoutException e) {
            spec.commandLine().getErr().println("eraft: could not " + what + " of group " + group + " within "
                    + Durations.format(timeout) + ": " + e.getMessage() + (what.startsWith("list") ? ""
                    : ". The change may still apply; check with: eraft member list --servers " + servers
                    + " --group " + group) + tls.hintIfMissing());
            return ExitCodes.ERROR;
        }
    }
}

package io.eraft.dist.cli;

import io.eraft.dist.client.ClientConnection;
import io.eraft.shardkv.kv.KvClient;
import io.eraft.shardkv.kv.KvTimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code eraft kv get|put|append|delete|cas}: one linearizable operation against a KV group ({@code --servers}) or a
 * sharded cluster ({@code --ctrlers}: the key goes to the group the controller's latest configuration gives its
 * shard). Keys and values are UTF-8 text. Exit codes: 0 done, 1 the key is absent (get) or the compare-and-set did
 * not apply, 2 error.
 */
@Command(name = "kv", mixinStandardHelpOptions = true,
        description = {"Read or write one key (linearizable) of a KV group (--servers), or of a sharded cluster "
                + "(--ctrlers): the key goes to the group that owns its shard in the controller's latest "
                + "configuration. Keys and values are UTF-8 text."},
        footer = {"", "Exit status: 0 done; 1 get found no value or cas did not apply; 2 error."})
final class KvCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Give up after this long, retries included (default ${DEFAULT-VALUE}).",
            scope = CommandLine.ScopeType.INHERIT)
    Duration timeout;

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Print the value of KEY (exit 1 when it is absent).")
    int get(@Parameters(paramLabel = "KEY") String key) {
        return run(clerk -> {
            Optional<byte[]> v = clerk.get(bytes(key));
            if (v.isEmpty()) {
                spec.commandLine().getErr().println("(not found)");
                return 1;
            }
            out().println(new String(v.get(), StandardCharsets.UTF_8));
            return 0;
        });
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Set KEY to VALUE.")
    int put(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "VALUE") String value) {
        return run(clerk -> {
            clerk.put(bytes(key), bytes(value));
            return ok();
        });
    }

    @Command(name = "append", mixinStandardHelpOptions = true,
            description = "Append SUFFIX to the value of KEY (an absent key counts as empty).")
    int append(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "SUFFIX") String suffix) {
        return run(clerk -> {
            clerk.append(bytes(key), bytes(suffix));
            return ok();
        });
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete KEY (deleting an absent key is not an error).")
    int delete(@Parameters(paramLabel = "KEY") String key) {
        return run(clerk -> {
            clerk.delete(bytes(key));
            return ok();
        });
    }

    /** What a compare-and-set expects: a value, or absence. */
    static final class Expectation {
        @Option(names = "--expect", paramLabel = "VALUE", required = true,
                description = "Apply only when the current value is VALUE.")
        String value;

        @Option(names = "--absent", required = true, description = "Apply only when KEY is absent.")
        boolean absent;
    }

    @Command(name = "cas", mixinStandardHelpOptions = true,
            description = "Set KEY to NEW only if its value is --expect VALUE (or it is --absent); "
            + "prints 'applied' or 'not applied' (exit 1).")
    int cas(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "NEW") String newValue,
            @ArgGroup(exclusive = true, multiplicity = "1") Expectation expect) {
        return run(clerk -> {
            boolean applied = clerk.compareAndSet(bytes(key), expect.absent ? null : bytes(expect.value),
                    bytes(newValue));
            out().println(applied ? "applied" : "not applied");
            return applied ? 0 : 1;
        });
    }

    private int run(Function<KvClient, Integer> operation) {
        CliLogging.forClient();
        try (ClientConnection client = cluster.connectAny(timeout)) {
            return operation.apply(client.newClerk());
        } catch (KvTimeoutException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("eraft: " + e.getMessage());
            err.println("eraft: are the servers up and is a majority reachable? Check with: eraft status "
                    + cluster.given() + "." + cluster.tls.hintIfMissing());
            return 2;
        }
    }

    private int ok() {
        out().println("OK");
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

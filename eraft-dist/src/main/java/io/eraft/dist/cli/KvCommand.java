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

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code eraft kv get|put|append|delete|cas}: one linearizable operation against a KV group ({@code --servers}) or a
 * sharded cluster ({@code --ctrlers}: the key goes to the group the controller's latest configuration gives its
 * shard). Keys and values are bytes: given as UTF-8 text (refused when not valid UTF-8), as hex ({@code --hex}) or
 * base64 ({@code --base64}), or read from files ({@code --value-file}, {@code --expect-file}). Exit codes: 0 done,
 * 1 the key is absent (get) or the compare-and-set did not apply, 2 error.
 */
@Command(name = "kv", mixinStandardHelpOptions = true,
        description = {"Read or write one key (linearizable) of a KV group (--servers), or of a sharded cluster "
                + "(--ctrlers): the key goes to the group that owns its shard in the controller's latest "
                + "configuration. Keys and values are bytes: UTF-8 text by default (text that is not valid UTF-8 "
                + "is refused), hex with --hex, base64 with --base64, or a file's bytes with --value-file and "
                + "--expect-file. An argument starting with '@' is a value like any other."},
        footer = {"", "Limits: keys of 1 to 500 bytes; values, append suffixes and each cas operand up to the "
                + "servers' kv.max-value-bytes (default 500 KiB). README: Limits.",
                "", "Exit status: 0 done; 1 get found no value or cas did not apply; 2 error."})
final class KvCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Give up after this long, retries included (default ${DEFAULT-VALUE}).",
            scope = CommandLine.ScopeType.INHERIT)
    Duration timeout;

    @Option(names = "--hex", scope = CommandLine.ScopeType.INHERIT,
            description = "KEY, values and --expect are hex (e.g. 00ff10); get prints hex.")
    boolean hex;

    @Option(names = "--base64", scope = CommandLine.ScopeType.INHERIT,
            description = "KEY, values and --expect are base64 (RFC 4648); get prints base64.")
    boolean base64;

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Print the value of KEY (exit 1 when it is absent).")
    int get(@Parameters(paramLabel = "KEY") String key,
            @Option(names = "--output", paramLabel = "FILE",
                    description = "Write the value's bytes to FILE instead of printing it.") Path output) {
        ByteArguments args = arguments();
        byte[] k = args.key(key);
        return run(clerk -> {
            Optional<byte[]> v = clerk.get(k);
            if (v.isEmpty()) {
                spec.commandLine().getErr().println("(not found)");
                return ExitCodes.NEGATIVE;
            }
            if (output != null) {
                write(output, v.get());
                out().println("wrote " + v.get().length + " bytes to " + output);
            } else {
                out().println(args.print(v.get()));
            }
            return ExitCodes.OK;
        });
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Set KEY to VALUE.")
    int put(@Parameters(index = "0", paramLabel = "KEY") String key,
            @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1",
                    description = "The value (text, or as --hex/--base64 say).") String value,
            @Option(names = "--value-file", paramLabel = "FILE",
                    description = "Read the value's bytes from FILE instead (taken as they are).") Path valueFile) {
        return write(key, value, valueFile, KvClient::put);
    }

    @Command(name = "append", mixinStandardHelpOptions = true,
            description = "Append VALUE to the value of KEY (an absent key counts as empty).")
    int append(@Parameters(index = "0", paramLabel = "KEY") String key,
            @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1",
                    description = "The value (text, or as --hex/--base64 say).") String value,
            @Option(names = "--value-file", paramLabel = "FILE",
                    description = "Read the value's bytes from FILE instead (taken as they are).") Path valueFile) {
        return write(key, value, valueFile, KvClient::append);
    }

    /** A write of one key and one value (put or append). */
    private interface Write {
        void apply(KvClient clerk, byte[] key, byte[] value);
    }

    private int write(String key, String value, Path valueFile, Write write) {
        ByteArguments args = arguments();
        byte[] k = args.key(key);
        byte[] v = valueOf(args, value, valueFile);
        return run(clerk -> {
            write.apply(clerk, k, v);
            return ok();
        });
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete KEY (deleting an absent key is not an error).")
    int delete(@Parameters(paramLabel = "KEY") String key) {
        byte[] k = arguments().key(key);
        return run(clerk -> {
            clerk.delete(k);
            return ok();
        });
    }

    /** What a compare-and-set expects: a value, a file's bytes, or absence. */
    static final class Expectation {
        @Option(names = "--expect", paramLabel = "VALUE", required = true,
                description = "Apply only when the current value is VALUE.")
        String value;

        @Option(names = "--expect-file", paramLabel = "FILE", required = true,
                description = "Apply only when the current value is FILE's bytes.")
        Path file;

        @Option(names = "--absent", required = true, description = "Apply only when KEY is absent.")
        boolean absent;
    }

    @Command(name = "cas", mixinStandardHelpOptions = true,
            description = "Set KEY to VALUE only if its value is --expect VALUE (or --expect-file's bytes, or it is "
                    + "--absent); prints 'applied' or 'not applied' (exit 1).")
    int cas(@Parameters(index = "0", paramLabel = "KEY") String key,
            @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1",
                    description = "The value (text, or as --hex/--base64 say).") String value,
            @Option(names = "--value-file", paramLabel = "FILE",
                    description = "Read the value's bytes from FILE instead (taken as they are).") Path valueFile,
            @ArgGroup(exclusive = true, multiplicity = "1") Expectation expect) {
        ByteArguments args = arguments();
        byte[] k = args.key(key);
        byte[] v = valueOf(args, value, valueFile);
        byte[] expected = expect.absent ? null
                : expect.file != null ? read(expect.file) : args.value(expect.value, "--expect");
        return run(clerk -> {
            boolean applied = clerk.compareAndSet(k, expected, v);
            out().println(applied ? "applied" : "not applied");
            return applied ? ExitCodes.OK : ExitCodes.NEGATIVE;
        });
    }

    private ByteArguments arguments() {
        if (hex && base64) {
            throw new IllegalArgumentException("--hex and --base64 cannot be used together; choose one");
        }
        return new ByteArguments(hex ? ByteArguments.Form.HEX : base64 ? ByteArguments.Form.BASE64
                : ByteArguments.Form.TEXT);
    }

    /** VALUE or --value-file's bytes: exactly one of them. */
    private static byte[] valueOf(ByteArguments args, String value, Path valueFile) {
        if (value != null && valueFile != null) {
            throw new IllegalArgumentException("give VALUE or --value-file, not both");
        }
        return valueFile != null ? read(valueFile) : args.value(value, "VALUE");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e, e);
        }
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
            return ExitCodes.ERROR;
        }
    }

    private int ok() {
        out().println("OK");
        return ExitCodes.OK;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}

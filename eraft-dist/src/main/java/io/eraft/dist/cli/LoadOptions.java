package io.eraft.dist.cli;

import picocli.CommandLine.Option;

/**
 * The closed-loop load of the KV benchmark commands ({@code bench}, {@code bench-shard}): how many clients, on how
 * many keys, with which value size and share of reads. Each command gives its own default number of clients.
 */
final class LoadOptions {
    /** No {@code defaultValue}: picocli shows and restores the value the command constructed this with. */
    @Option(names = {"-c", "--clients"}, description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = {"-k", "--keys"}, defaultValue = "10000", description = "Distinct keys (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--value-size", defaultValue = "128",
            description = "Bytes per written value (default ${DEFAULT-VALUE}).")
    int valueSize;

    @Option(names = {"-r", "--read-ratio"}, defaultValue = "0.5",
            description = "Share of linearizable reads, 0 to 1; the rest are puts (default ${DEFAULT-VALUE}).")
    double readRatio;

    /** Options whose number of clients is {@code defaultClients} unless {@code --clients} is given. */
    LoadOptions(int defaultClients) {
        this.clients = defaultClients;
    }
}

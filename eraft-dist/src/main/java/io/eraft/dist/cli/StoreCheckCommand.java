package io.eraft.dist.cli;

import io.eraft.dist.store.StoreCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code eraft store-check}: exercises one store provider through the SPI and prints what it checked. */
@Command(name = "store-check", mixinStandardHelpOptions = true,
        description = "Write, read back, scan and snapshot keys through a store provider, printing each check.")
final class StoreCheckCommand implements Callable<Integer> {
    @Option(names = "--store", required = true, description = "Store provider name, e.g. leveldb or lmdb.")
    String store;

    @Option(names = "--dir", required = true, description = "Directory for the store (created if missing).")
    Path dir;

    @Option(names = "--keys", defaultValue = "5000", description = "How many keys to write (default ${DEFAULT-VALUE}).")
    int keys;

    @Override
    public Integer call() {
        return StoreCheck.run(store, dir, keys, System.out) ? 0 : 1;
    }
}

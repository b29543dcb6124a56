package io.eraft.api.spi.support;

import io.eraft.api.store.StoreCorruptedException;
import io.eraft.api.store.StoreException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The databases ("generations") of one store directory and the pointer file that names the live one: for a store
 * provider whose engine cannot replace its whole content atomically (LevelDB, RocksDB).
 *
 * <p>Layout: {@code DIR/CURRENT-DB} holds the name of the live database directory, e.g. {@code db-000002}.
 * {@link io.eraft.api.store.StateMachineStore#installSnapshot installSnapshot} builds the next generation in a new
 * sibling ({@code db-000003}), syncs it, and only then replaces the pointer with an atomic rename. A crash before
 * the rename leaves the old pointer (the half-built sibling is deleted on the next open); a crash after it leaves the
 * new one (the old generation is deleted on the next open). So the store always reopens to one complete generation.
 */
public final class StoreGenerations {
    /** The pointer file, in the store directory. */
    public static final String POINTER = "CURRENT-DB";
    private static final Pattern NAME = Pattern.compile("db-\\d{6,}");

    private final Path dir;
    private final String store;

    /**
     * The generations of the store in {@code dir}.
     *
     * @param providerName the provider's name, for messages ({@code "leveldb store DIR: ..."})
     */
    public StoreGenerations(Path dir, String providerName) {
        this.dir = dir;
        this.store = providerName + " store ";
    }

    /** The live generation named by the pointer file, or empty for a new store. */
    public Optional<String> live() {
        Path pointer = dir.resolve(POINTER);
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        String name;
        try {
            name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new StoreException(store + dir + ": cannot read " + pointer + ": " + e, e);
        }
        if (!NAME.matcher(name).matches()) {
            throw new StoreCorruptedException(store + dir + ": " + pointer + " holds '" + name
                    + "', not a database name like db-000001");
        }
        if (!Files.isDirectory(dir.resolve(name))) {
            throw new StoreCorruptedException(store + dir + ": " + pointer + " names " + name
                    + ", which does not exist");
        }
        return Optional.of(name);
    }

    public static String first() {
        return name(1);
    }

    public static String next(String live) {
        return name(Long.parseLong(live.substring("db-".length())) + 1);
    }

    private static String name(long n) {
        return String.format("db-%06d", n);
    }

    public Path path(String name) {
        return dir.resolve(name);
    }

    /**
     * Makes {@code name} the live generation with an atomic rename; when this throws, nothing changed. The switch
     * is durable after {@link #syncPointer()}.
     */
    public void publish(String name) {
        try {
            FileOps.replaceAtomically(dir.resolve(POINTER), (name + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StoreException(store + dir + ": cannot switch " + POINTER + " to " + name + ": "
                    + e, e);
        }
    }

    /** Makes the last {@link #publish} durable (fsyncs the store directory). */
    public void syncPointer() {
        try {
            FileOps.fsyncDirectory(dir);
        } catch (IOException e) {
            throw new StoreException(store + dir + ": switched " + POINTER + " but cannot fsync "
                    + dir + "; after a machine crash the store may reopen with its previous contents: " + e, e);
        }
    }

    /** Deletes every generation but {@code keep} (null: all of them): leftovers of an interrupted install. */
    public void deleteAllBut(String keep) {
        List<Path> stale;
        try (Stream<Path> files = Files.list(dir)) {
            stale = files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !p.getFileName().toString().equals(keep))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new StoreException(store + dir + ": cannot list " + dir + ": " + e, e);
        }
        for (Path p : stale) {
            delete(p);
        }
    }

    public void delete(Path generation) {
        try {
            FileOps.deleteRecursively(generation);
        } catch (IOException e) {
            throw new StoreException(store + dir + ": cannot delete old database " + generation + ": "
                    + e, e);
        }
    }
}

package io.eraft.dist.server;

import io.eraft.api.cluster.ClusterId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The {@value #NAME} file of a data directory: the id of the cluster the directory's data belongs to, written when a
 * server first starts on it and checked at every later start, so that a data directory is never served as a member
 * of another cluster (a copied config file, another token, a peer list of another cluster). One line of 16 hex
 * digits.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ClusterIdFile {
    /** The file's name in a data directory. */
    public static final String NAME = "cluster-id";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterIdFile.class);

    private ClusterIdFile() {
    }

    /**
     * Checks that {@code dataDir} may serve cluster {@code configured}: its file names that cluster, or it has no file
     * yet (a new directory, or one from before cluster ids), in which case {@link #record} writes it once the server
     * has started.
     *
     * @param node   the node starting, named in messages
     * @param origin how {@code configured} was obtained ({@link ClusterIdentity#origin}), named in messages
     * @return true when the file names {@code configured}, false when there is no file yet
     * @throws ConfigException when the directory belongs to another cluster (the message names both ids and what to
     *                         check), or its file is unreadable or malformed
     */
    public static boolean check(Path dataDir, ClusterId configured, String node, String origin) {
        ClusterId stored = read(dataDir.resolve(NAME));
        if (stored == null) {
            return false;
        }
        if (!stored.equals(configured)) {
            throw new ConfigException("data directory " + dataDir.toAbsolutePath() + " belongs to cluster " + stored
                    + " (its " + NAME + " file), but node " + node + " is configured for cluster " + configured + " ("
                    + origin + "); refusing to start, so that one cluster's data never joins another. Start it with "
                    + "the cluster token and peer list of the cluster it was created in; if this is that cluster and "
                    + "only its addresses changed, give cluster.id " + stored + " (--cluster-id " + stored + ")");
        }
        return true;
    }

    /**
     * Writes {@code id} as the cluster of {@code dataDir} (durably): called once a server has started on a directory
     * that had no file, so that a start that failed (a port in use, a typo in the peer list) binds the directory
     * to no cluster.
     */
    public static void record(Path dataDir, ClusterId id, String origin) {
        write(dataDir.resolve(NAME), id);
        LOG.info("data directory {} belongs to cluster {} ({}); recorded in its {} file", dataDir.toAbsolutePath(),
                id, origin, NAME);
    }

    /** The id in {@code file}, or null when there is no file. */
    static ClusterId read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new ConfigException("cannot read the cluster id of data directory " + file.getParent()
                    .toAbsolutePath() + " (" + file.toAbsolutePath() + "): " + e + "; make it readable", e);
        }
        try {
            ClusterId id = ClusterId.parse(text);
            if (!id.isKnown()) {
                throw new IllegalArgumentException("0 is not a cluster id");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("the cluster id file " + file.toAbsolutePath() + " is damaged (" + e.getMessage()
                    + "); write the cluster's id into it (16 hex digits, as eraft status shows it for the other "
                    + "members)", e);
        }
    }

    /** Writes {@code id} to {@code file} atomically and durably (temporary file, fsync, rename, fsync directory). */
    static void write(Path file, ClusterId id) {
        Path tmp = file.resolveSibling(NAME + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new ServerStartException("cannot write the cluster id file " + file.toAbsolutePath() + ": " + e
                    + "; make the data directory writable", e);
        }
    }
}

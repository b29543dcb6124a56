package io.eraft.api.cluster;

import io.eraft.api.transport.NodeId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The identity of one cluster (a Raft group, or a sharded deployment: its controllers and every shard group). Fixed
 * when the cluster is first created and kept in each member's data; every peer hello and Raft message carries it,
 * and a node refuses peers and messages of another cluster. As etcd does, it is derived from the initial members and
 * a cluster token, so that members started separately agree on it without talking; give each cluster its own token.
 * Zero is reserved for "not known" (a client that does not care which cluster it talks to).
 *
 * @param value the id; never 0 for a real cluster
 */
public record ClusterId(long value) {
    /** What a client sends when it does not know or check the cluster. */
    public static final ClusterId UNKNOWN = new ClusterId(0);
    /** The token used when none is given. */
    public static final String DEFAULT_TOKEN = "eraft-cluster";

    /**
     * The id of the cluster created with {@code token} and {@code initialMembers} (node to address; the order of
     * the map does not matter). Never 0.
     */
    public static ClusterId derive(String token, Map<NodeId, String> initialMembers) {
        Objects.requireNonNull(token, "token");
        StringBuilder text = new StringBuilder("eraft-cluster-id/v1\n").append(token).append('\n');
        new TreeMap<>(initialMembers).forEach((id, address) ->
                text.append(id.value()).append('=').append(address == null ? "" : address).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (digest[i] & 0xFF);
            }
            return new ClusterId(v == 0 ? 1 : v);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Parses the form {@link #toString()} prints: 16 hex digits.
     *
     * @throws IllegalArgumentException naming the text if it is not that
     */
    public static ClusterId parse(String text) {
        String t = text.strip();
        if (!t.matches("[0-9a-fA-F]{1,16}")) {
            throw new IllegalArgumentException("bad cluster id '" + text + "': expected up to 16 hex digits");
        }
        return new ClusterId(Long.parseUnsignedLong(t, 16));
    }

    public boolean isKnown() {
        return value != 0;
    }

    /** 16 lower-case hex digits. */
    @Override
    public String toString() {
        return String.format("%016x", value);
    }
}

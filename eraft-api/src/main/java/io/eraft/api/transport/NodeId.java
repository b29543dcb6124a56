package io.eraft.api.transport;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of a node (a process that hosts Raft group members): letters, digits, '-', '_', '.', ':', '[' and ']'.
 * A name of the form {@code host:port} (e.g. {@code 127.0.0.1:7201}, {@code [::1]:7201}) may double as the node's
 * address: transports that dial by address may reach such a node without an entry in their address map.
 */
public record NodeId(String value) implements Comparable<NodeId> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:\\[\\]\\-]{1,64}");

    public NodeId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("bad node id '" + value
                    + "': use 1 to 64 letters, digits, '-', '_', '.', ':', '[' or ']'");
        }
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public int compareTo(NodeId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

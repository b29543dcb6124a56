package io.eraft.dist.server;

/**
 * What a server process runs.
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public enum ServerRole {
    /** A member of a plain replicated KV group ({@code eraft server}). */
    KV("kv"),
    /** A member of a shard group that takes its shards from the controller ({@code eraft server --ctrlers ...}). */
    SHARD("shard"),
    /** A member of the shard controller ({@code eraft ctrler}). */
    CTRLER("ctrler");

    private final String label;

    ServerRole(String label) {
        this.label = label;
    }

    /** The lower-case name status replies and messages use. */
    public String label() {
        return label;
    }

    /** The role labelled {@code label}. @throws IllegalArgumentException for an unknown label */
    public static ServerRole ofLabel(String label) {
        for (ServerRole r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown server role '" + label + "' (kv, shard or ctrler)");
    }
}

package io.eraft.shardkv.kv;

/**
 * The group refuses writes that add data (put, append, compare-and-set) because its space alarm is raised: a server's
 * disk has less free space than {@code space.min-free}, or its store is over {@code space.quota} (see
 * {@link io.eraft.shardkv.space.SpaceMonitor}). Nothing was proposed. Reads and deletes are still served; the alarm
 * clears by itself once space is back, and the write may then be sent again.
 */
public final class KvNoSpaceException extends KvNotAppliedException {
    private static final long serialVersionUID = 1L;

    public KvNoSpaceException(String message) {
        super(message);
    }
}

package io.eraft.raft.testing;

import io.eraft.api.transport.NodeId;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state machines' "disk": each node's last durable snapshot. It survives crashes (it is the fixture's), so a
 * restarted node resumes from what its state machine made durable, as a real one would.
 */
public final class SnapshotDisk {
    private final Map<NodeId, SnapshotImage> saved = new ConcurrentHashMap<>();

    /** Atomically replaces {@code node}'s durable snapshot. */
    public void save(NodeId node, SnapshotImage image) {
        saved.put(node, image);
    }

    /** {@code node}'s durable snapshot, or {@link SnapshotImage#EMPTY}. */
    public SnapshotImage load(NodeId node) {
        return saved.getOrDefault(node, SnapshotImage.EMPTY);
    }
}

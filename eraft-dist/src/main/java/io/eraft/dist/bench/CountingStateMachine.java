package io.eraft.dist.bench;

import io.eraft.api.log.LogEntry;
import io.eraft.api.raft.SnapshotSource;
import io.eraft.api.raft.StateMachine;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's state machine: it only counts, so the figures measure Raft, the log and the transport. Its
 * "snapshot" is just the applied index, which is all it holds.
 */
final class CountingStateMachine implements StateMachine {
    private volatile long applied;

    @Override
    public long lastApplied() {
        return applied;
    }

    @Override
    public List<byte[]> apply(List<LogEntry> committed) {
        applied = committed.get(committed.size() - 1).index();
        List<byte[]> results = new ArrayList<>(committed.size());
        for (int i = 0; i < committed.size(); i++) {
            results.add(null);
        }
        return results;
    }

    @Override
    public long takeSnapshot() {
        return applied;
    }

    @Override
    public SnapshotSource openSnapshot() {
        return SnapshotSource.ofBytes(applied, new byte[0]);
    }

    @Override
    public void installSnapshot(long index, InputStream data) {
        applied = index;
    }
}

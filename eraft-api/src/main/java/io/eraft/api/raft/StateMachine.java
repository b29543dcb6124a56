package io.eraft.api.raft;

import io.eraft.api.log.LogEntry;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What a Raft group replicates into. Raft calls every method from the group's single apply thread, never two at
 * once, so an implementation needs no locks of its own except for reads it serves from other threads.
 */
public interface StateMachine {

    /**
     * The last log index already reflected in this state machine's durable state when the group starts. Raft applies
     * from the next index; every entry is applied exactly once per start.
     */
    long lastApplied();

    /**
     * Applies committed entries, in log order, with no gaps. The batch may hold {@link io.eraft.api.log.EntryType#NOOP}
     * entries; they change nothing but the applied index.
     *
     * @return one result per entry (null for NOOPs and for commands without a reply); the leader completes each
     *         proposer's future with its entry's result
     */
    List<byte[]> apply(List<LogEntry> committed);

    /**
     * Makes everything applied so far durable and returns the index it covers. Raft then may drop the log up to that
     * index. Called when the log grows past the group's snapshot threshold.
     */
    long takeSnapshot();

    /**
     * Opens a point-in-time view of the state to send to a lagging follower. The view streams: it never holds the
     * whole snapshot in memory. Its {@link SnapshotSource#index()} is at most the last applied index.
     */
    SnapshotSource openSnapshot() throws IOException;

    /**
     * Replaces the whole state with the snapshot in {@code data}, which covers the log up to {@code index},
     * atomically (a crash leaves the old state or the new). Afterwards {@link #lastApplied()} is {@code index}.
     */
    void installSnapshot(long index, InputStream data) throws IOException;
}

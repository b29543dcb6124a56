package io.eraft.raft.testing;

import io.eraft.api.log.LogEntry;
import io.eraft.api.transport.NodeId;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster-wide record of what was applied at each log index, against which every node's applies are checked
 * (State Machine Safety: no two nodes ever apply different entries at one index). Also checks that a snapshot a
 * node installs covers exactly the history the other nodes applied, by comparing chained digests.
 */
public final class AppliedHistory {
    private final Map<Long, AppliedEntry> byIndex = new HashMap<>();
    private final Violations violations;
    private long highest;
    private int installs;

    public AppliedHistory(Violations violations) {
        this.violations = violations;
    }

    /** Checks and records that {@code node} applied {@code entry}, reaching digest {@code digestAfter}. */
    public synchronized void applied(NodeId node, LogEntry entry, byte[] digestAfter) {
        AppliedEntry known = byIndex.get(entry.index());
        if (known == null) {
            byIndex.put(entry.index(), new AppliedEntry(entry.index(), entry.term(), entry.type(), entry.data(),
                    digestAfter, node));
            highest = Math.max(highest, entry.index());
            return;
        }
        if (!known.sameAs(entry)) {
            violations.report("state machine safety: " + node + " applied " + entry.index() + "@" + entry.term()
                    + " " + entry.type() + " " + Commands.describe(entry.data()) + " but " + known.firstNode()
                    + " applied " + known + " at that index");
        } else if (!Arrays.equals(known.digest(), digestAfter)) {
            violations.report("state machine safety: " + node + " applied the same entry at index " + entry.index()
                    + " as " + known.firstNode() + " but their histories up to it differ (digest mismatch)");
        }
    }

    /** Checks that a snapshot {@code node} installed, covering {@code index}, matches the applied history. */
    public synchronized void installed(NodeId node, long index, byte[] digest) {
        installs++;
        if (index == 0) {
            return;
        }
        AppliedEntry known = byIndex.get(index);
        if (known == null) {
            violations.report("snapshot safety: " + node + " installed a snapshot through index " + index
                    + " but no node ever applied that index");
        } else if (!Arrays.equals(known.digest(), digest)) {
            violations.report("snapshot safety: " + node + " installed a snapshot through index " + index
                    + " whose history differs from what " + known.firstNode() + " applied (digest mismatch)");
        }
    }

    /** The entry applied at {@code index}, if any node applied it. */
    public synchronized Optional<AppliedEntry> at(long index) {
        return Optional.ofNullable(byIndex.get(index));
    }

    /** How many snapshots nodes installed from the leader. */
    public synchronized int installCount() {
        return installs;
    }

    /** The highest index any node applied. */
    public synchronized long highestIndex() {
        return highest;
    }

    /** Whether any node applied the command {@code command}, at any index. */
    public synchronized boolean contains(byte[] command) {
        return byIndex.values().stream().anyMatch(e -> e.isCommand(command));
    }
}

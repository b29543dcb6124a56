package io.eraft.raft.testing;

import io.eraft.api.log.EntryType;
import io.eraft.api.log.LogEntry;
import io.eraft.api.transport.NodeId;

import java.util.Arrays;

/**
 * What the first node to apply a log index applied there, and the digest of the whole applied history up to it.
 *
 * @param index     log index
 * @param term      the entry's term
 * @param type      command or NOOP
 * @param data      the command bytes
 * @param digest    chained digest of every entry from index 1 through this one
 * @param firstNode the node that applied it first
 */
public record AppliedEntry(long index, long term, EntryType type, byte[] data, byte[] digest, NodeId firstNode) {

    /** Whether {@code entry} is the same entry (index, term, type and bytes). */
    public boolean sameAs(LogEntry entry) {
        return entry.index() == index && entry.term() == term && entry.type() == type
                && Arrays.equals(entry.data(), data);
    }

    /** Whether this is the command {@code command}. */
    public boolean isCommand(byte[] command) {
        return type == EntryType.COMMAND && Arrays.equals(command, data);
    }

    @Override
    public String toString() {
        return index + "@" + term + " " + (type == EntryType.NOOP ? "NOOP" : Commands.describe(data))
                + " (first applied by " + firstNode + ")";
    }
}
